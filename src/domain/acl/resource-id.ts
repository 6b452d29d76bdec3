import { InvalidResourceIdError } from './acl.errors';

/** `Vendor_Module::resource`, the id format of Magento's acl.xml (docs/domain.md). */
export const RESOURCE_ID_PATTERN = /^[A-Za-z0-9_]+::[A-Za-z0-9_]+$/;

/** Resource ids stay plain strings (they are keys everywhere); this is their one check. */
export function assertResourceId(id: unknown, source?: string): asserts id is string {
  if (typeof id !== 'string' || !RESOURCE_ID_PATTERN.test(id)) {
    throw new InvalidResourceIdError(String(id), source);
  }
}
