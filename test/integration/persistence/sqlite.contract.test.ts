import { openSqlite } from './backends';
import { repositoryContract } from './repository-contract';

describe('repository contract: SQLite (file)', () => {
  repositoryContract(openSqlite);
});
