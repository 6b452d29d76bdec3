import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { MAX_GRACE_SECONDS } from '../../../application/credentials/credential.settings';
import { MAX_RATE_LIMIT, MAX_RATE_WINDOW_SECONDS } from '../../../domain/integration/credential-policy.value-object';
import { IpAllowlist } from '../../../domain/integration/ip-allowlist.value-object';
import { GrantFields, OptionalGrantFields } from './grant.dto';
import { CurrentPassword, DomainRule, EmailAddress, HttpUrl, IntegrationNameText } from './field-rules';
import { PageQuery } from './page.dto';
import { INTEGRATION_SORT_FIELDS, type IntegrationSortField } from '../../../domain/integration/integration.repository';
import { INSTANT_PATTERN } from '../../../application/use-cases/integrations/get-integration-usage.use-case';

const EXPIRES_MESSAGE = '"policy.expiresAt" must be a date and time with Z or an offset (2027-01-31T00:00:00Z), or null for never.';
const GRACE_MESSAGE = `"graceSeconds" must be a whole number of seconds from 0 to ${MAX_GRACE_SECONDS} (7 days).`;

/** `rateLimit`: at most `limit` requests per `windowSeconds`. */
export class RateLimitBody {
  @IsInt({ message: '"rateLimit.limit" must be a whole number of requests.' })
  @Min(1, { message: '"rateLimit.limit" must be at least 1.' })
  @Max(MAX_RATE_LIMIT, { message: `"rateLimit.limit" must be at most ${MAX_RATE_LIMIT}.` })
  limit!: number;

  @IsInt({ message: '"rateLimit.windowSeconds" must be a whole number of seconds.' })
  @Min(1, { message: '"rateLimit.windowSeconds" must be at least 1.' })
  @Max(MAX_RATE_WINDOW_SECONDS, { message: `"rateLimit.windowSeconds" must be at most ${MAX_RATE_WINDOW_SECONDS} (a day).` })
  windowSeconds!: number;
}

/** `policy`: what limits the credentials beyond the grant; parts not sent keep their value. */
export class CredentialPolicyBody {
  /** Only GET, HEAD and OPTIONS on what the grant allows. */
  @IsOptional()
  @IsBoolean({ message: '"policy.readOnly" must be true or false.' })
  readOnly?: boolean;

  /** Calls are refused from then on (401 "The access token has expired"); null: never. */
  @ValidateIf((body: CredentialPolicyBody) => body.expiresAt !== undefined && body.expiresAt !== null)
  @IsString({ message: EXPIRES_MESSAGE })
  @Matches(INSTANT_PATTERN, { message: EXPIRES_MESSAGE })
  expiresAt?: string | null;

  /** CIDR ranges (IPv4, IPv6) calls may come from; empty: anywhere. */
  @IsOptional()
  @IsArray({ message: '"policy.allowedIps" must be a list of addresses or CIDR ranges.' })
  @ArrayMaxSize(100, { message: '"policy.allowedIps" may hold at most 100 ranges.' })
  @IsString({ each: true, message: '"policy.allowedIps" must be a list of addresses or CIDR ranges.' })
  @DomainRule((value) => IpAllowlist.parse([value]), { each: true })
  allowedIps?: string[];

  /** Null: no limit. */
  @ValidateIf((body: CredentialPolicyBody) => body.rateLimit !== undefined && body.rateLimit !== null)
  @IsObject({ message: '"policy.rateLimit" must be an object { limit, windowSeconds } or null.' })
  @ValidateNested()
  @Type(() => RateLimitBody)
  rateLimit?: RateLimitBody | null;
}

/** `POST …/reauthorize` and `POST …/rotate-secret`: how long the replaced credential keeps working. */
export class GraceBody {
  @IsOptional()
  @IsInt({ message: GRACE_MESSAGE })
  @Min(0, { message: GRACE_MESSAGE })
  @Max(MAX_GRACE_SECONDS, { message: GRACE_MESSAGE })
  graceSeconds?: number;
}

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

  /** Read-only access, expiry, client addresses, rate limit (none by default). */
  @IsOptional()
  @IsObject({ message: '"policy" must be an object.' })
  @ValidateNested()
  @Type(() => CredentialPolicyBody)
  policy?: CredentialPolicyBody;

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

  /** The parts of the policy to change. */
  @IsOptional()
  @IsObject({ message: '"policy" must be an object.' })
  @ValidateNested()
  @Type(() => CredentialPolicyBody)
  policy?: CredentialPolicyBody;

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

  /** Stale credentials: not used for this many days (never used and created before then count). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '"unusedForDays" must be a whole number of days from 1 to 36500.' })
  @Min(1, { message: '"unusedForDays" must be a whole number of days from 1 to 36500.' })
  @Max(36_500, { message: '"unusedForDays" must be a whole number of days from 1 to 36500.' })
  unusedForDays?: number;
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
