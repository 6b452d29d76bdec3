import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { GrantFields, OptionalGrantFields } from './grant.dto';
import { CurrentPassword, EmailAddress, HttpUrl, IntegrationNameText } from './field-rules';
import { PageQuery } from './page.dto';
import { INTEGRATION_SORT_FIELDS, type IntegrationSortField } from '../../../domain/integration/integration.repository';
import { INSTANT_PATTERN } from '../../../application/use-cases/integrations/get-integration-usage.use-case';

/** "Save" / "Save and Activate" of a new integration. */
export class CreateIntegrationBody extends GrantFields {
  @IntegrationNameText()
  name!: string;

  @EmailAddress()
  email!: string;

  /** Callback URL: where the OAuth consumer credentials are posted during the token exchange. */
  @IsOptional()
  @HttpUrl('endpoint')
  endpoint?: string | null;

  /** Identity link URL: where the admin is sent to log in to the third party during activation. */
  @IsOptional()
  @HttpUrl('identityLinkUrl')
  identityLinkUrl?: string | null;

  /** "Save and Activate". */
  @IsOptional()
  @IsBoolean({ message: '"activate" must be true or false.' })
  activate?: boolean;

  @CurrentPassword()
  currentPassword!: string;
}

/** A partial update: fields not sent keep their value; `null` or "" clears a URL. */
export class UpdateIntegrationBody extends OptionalGrantFields {
  @IsOptional()
  @IntegrationNameText()
  name?: string;

  @IsOptional()
  @EmailAddress()
  email?: string;

  @ValidateIf((body: UpdateIntegrationBody) => body.endpoint !== undefined && body.endpoint !== null && body.endpoint !== '')
  @HttpUrl('endpoint')
  endpoint?: string | null;

  @ValidateIf((body: UpdateIntegrationBody) => body.identityLinkUrl !== undefined && body.identityLinkUrl !== null && body.identityLinkUrl !== '')
  @HttpUrl('identityLinkUrl')
  identityLinkUrl?: string | null;

  @IsOptional()
  @IsBoolean({ message: '"activate" must be true or false.' })
  activate?: boolean;

  @CurrentPassword()
  currentPassword!: string;
}

/** `GET /rest/V1/integrations` query. */
export class ListIntegrationsQuery extends PageQuery {
  @IsOptional()
  @IsIn(['inactive', 'active', 'reset'], { message: '"status" must be one of inactive, active, reset.' })
  status?: 'inactive' | 'active' | 'reset';

  /** Part of the name, ignoring case and accents. */
  @IsOptional()
  @IsString({ message: '"name" must be text.' })
  @MaxLength(255, { message: '"name" must be at most 255 characters long.' })
  name?: string;

  /** Part of the email address, ignoring the case of A-Z. */
  @IsOptional()
  @IsString({ message: '"email" must be text.' })
  @MaxLength(254, { message: '"email" must be at most 254 characters long.' })
  email?: string;

  /** The column to order by (default `name`); ties are ordered by name. */
  @IsOptional()
  @IsIn(INTEGRATION_SORT_FIELDS, { message: `"sort" must be one of ${INTEGRATION_SORT_FIELDS.join(', ')}.` })
  sort?: IntegrationSortField;

  /** `asc` (default) or `desc`. */
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: '"direction" must be asc or desc.' })
  direction?: 'asc' | 'desc';
}

const INSTANT_MESSAGE = (field: string): string => `"${field}" must be a date (2026-12-04) or a date and time with Z or an offset (2026-12-04T10:00:00Z).`;

/** `GET /rest/V1/integrations/:id/usage` query: the span, default the last 7 days. */
export class IntegrationUsageQuery {
  /** From this instant on (its hour included); default 7 days before `to`. */
  @IsOptional()
  @IsString({ message: INSTANT_MESSAGE('from') })
  @Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE('from') })
  from?: string;

  /** Until this instant (excluded); default now. */
  @IsOptional()
  @IsString({ message: INSTANT_MESSAGE('to') })
  @Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE('to') })
  to?: string;
}
