/** DI tokens of the composition root's own values (ports have theirs beside their interfaces). */
export const IN_MEMORY_DATABASE = Symbol.for('portcullis.InMemoryDatabase');
