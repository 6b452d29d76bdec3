import { openInMemory } from './backends';
import { repositoryContract } from './repository-contract';

describe('repository contract: in-memory', () => {
  repositoryContract(openInMemory);
});
