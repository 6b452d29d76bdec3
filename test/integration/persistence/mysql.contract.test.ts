import { describeMysql, openMysql } from './backends';
import { repositoryContract } from './repository-contract';

describeMysql('repository contract: MySQL/MariaDB', () => {
  repositoryContract(openMysql);
});
