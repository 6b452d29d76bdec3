import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '../../../application/use-cases/paging';

const PAGE_MESSAGE = '"page" must be a whole number from 1.';
const PAGE_SIZE_MESSAGE = `"pageSize" must be a whole number from 1 to ${MAX_PAGE_SIZE}.`;

/** `?page=&pageSize=` of every paged list (integrations, roles, admin users): default 1 and 20. */
export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: PAGE_MESSAGE })
  @Min(1, { message: PAGE_MESSAGE })
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: PAGE_SIZE_MESSAGE })
  @Min(1, { message: PAGE_SIZE_MESSAGE })
  @Max(MAX_PAGE_SIZE, { message: PAGE_SIZE_MESSAGE })
  pageSize?: number;
}
