import { type AclResourceTree } from '../../domain/acl/acl-resource-tree';
import { Grant } from '../../domain/acl/grant.value-object';
import { CredentialPolicy } from '../../domain/integration/credential-policy.value-object';
import { IntegrationName } from '../../domain/integration/integration-name.value-object';
import { EmailAddress } from '../../domain/kernel/email.value-object';
import { HttpUrl } from '../../domain/kernel/http-url.value-object';
import { InvalidValueError } from '../../domain/kernel/domain-error';
import { MAX_GRANT_RESOURCES } from '../access/grant-input';
import {
  describeLocation,
  shown,
  type ConfigProblem,
  type IntegrationDeclarationPart,
  type Located,
  type SourceLocation,
} from './config-declarations';
import { ConfigFilesError } from './config-sync.errors';

/** Magento's "allow everything" resource: listing it declares All. */
const MAGENTO_ALL = 'Magento_Backend::all';
/** Magento's root resource, Portcullis's virtual root: listing it adds nothing. */
const MAGENTO_ADMIN = 'Magento_Backend::admin';

/** One integration as all the files together declare it, checked and ready to sync. */
export interface DeclaredIntegration {
  readonly name: string;
  readonly email: string;
  readonly endpoint: string | null;
  readonly identityLinkUrl: string | null;
  /** Exactly the listed resources and their ancestors (docs/domain.md "Importing Magento lists exactly"). */
  readonly grant: Grant;
  /** Expiry, client addresses and rate limit; open for what no file gives (the declaration is the source of truth). */
  readonly policy: CredentialPolicy;
  /** Its role is read-only; false when no file says so. */
  readonly readOnly: boolean;
  /** Where it is first declared. */
  readonly location: SourceLocation;
}

type DetailField = 'email' | 'endpoint' | 'identityLinkUrl';
type PolicyField = 'readOnly' | 'expiresAt' | 'allowedIps' | 'rateLimit';

/** How much of a core error's message a problem repeats (it may quote the value). */
const MESSAGE_LENGTH = 300;

/** How each field is called in the files, for messages. */
const FIELD_LABEL: Readonly<Record<DetailField, string>> = {
  email: 'email',
  endpoint: 'endpoint_url (callback URL)',
  identityLinkUrl: 'identity_link_url',
};

/**
 * Merges what the files say by integration name and checks it against the ACL tree: a field two
 * files give differently, a name spelled two ways, a missing email, a bad value or an unknown
 * resource is a problem naming its file, line and column. Resource lists of one integration are
 * merged (Magento merges `<resources>` across files) and imported exactly. A credential policy part
 * no file gives is open: the declaration, not what the integration had, is the source of truth.
 * @throws ConfigFilesError with every problem found
 */
export function resolveDeclarations(parts: readonly IntegrationDeclarationPart[], tree: AclResourceTree): DeclaredIntegration[] {
  const problems: ConfigProblem[] = [];
  const groups = new Map<string, IntegrationDeclarationPart[]>();
  for (const part of parts) {
    const key = IntegrationName.keyOf(part.name.value);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [part]);
    else group.push(part);
  }

  const declared: DeclaredIntegration[] = [];
  for (const group of groups.values()) {
    const first = group[0] as IntegrationDeclarationPart;
    const name = first.name;
    // Quoted in messages: escaped and cut short (a file may hold anything, a 10 MB name included).
    const quotedName = shown(name.value.trim());
    for (const other of group.slice(1)) {
      if (other.name.value.trim() !== name.value.trim()) {
        problems.push({
          location: other.name.location,
          message: `integration "${shown(other.name.value.trim())}" is spelled "${quotedName}" at ${describeLocation(name.location)}; names are matched ignoring case, so use one spelling.`,
        });
      }
    }
    const field = (key: DetailField): Located<string> | undefined => {
      let chosen: Located<string> | undefined;
      for (const part of group) {
        const given = part[key];
        if (given === undefined) continue;
        if (chosen === undefined) chosen = given;
        else if (given.value !== chosen.value) {
          problems.push({
            location: given.location,
            message: `integration "${quotedName}" is declared with ${FIELD_LABEL[key]} "${shown(given.value)}" here but "${shown(chosen.value)}" at ${describeLocation(chosen.location)}.`,
          });
        }
      }
      return chosen;
    };
    // A policy part two files give differently is a conflict too (compared as JSON, dates as ISO text).
    const policyField = <K extends PolicyField>(key: K): IntegrationDeclarationPart[K] => {
      let chosen: IntegrationDeclarationPart[K] = undefined;
      for (const part of group) {
        const given = part[key];
        if (given === undefined) continue;
        if (chosen === undefined) chosen = given;
        else if (JSON.stringify(given.value) !== JSON.stringify(chosen.value)) {
          problems.push({
            location: given.location,
            message: `integration "${quotedName}" is declared with ${key} ${shown(JSON.stringify(given.value))} here but ${shown(JSON.stringify(chosen.value))} at ${describeLocation(chosen.location)}.`,
          });
        }
      }
      return chosen;
    };
    const email = field('email');
    const endpoint = field('endpoint');
    const identityLinkUrl = field('identityLinkUrl');
    const checked = <T>(located: Located<string> | undefined, where: SourceLocation, check: () => T): T | undefined => {
      try {
        return check();
      } catch (error) {
        if (!(error instanceof InvalidValueError)) throw error;
        problems.push({ location: located?.location ?? where, message: `integration "${quotedName}": ${shown(error.message, MESSAGE_LENGTH)}` });
        return undefined;
      }
    };

    const validName = checked(name, name.location, () => IntegrationName.create(name.value).value);
    let validEmail: string | undefined;
    if (email === undefined) {
      problems.push({
        location: name.location,
        message: `integration "${quotedName}" has no email: give one (<email> in integration.xml or config.xml, "email" in JSON).`,
      });
    } else {
      validEmail = checked(email, email.location, () => EmailAddress.create(email.value).value);
    }
    const validEndpoint = checked(endpoint, name.location, () => HttpUrl.createOptional(endpoint?.value, 'endpoint_url')?.value ?? null);
    const validIdentity = checked(identityLinkUrl, name.location, () => HttpUrl.createOptional(identityLinkUrl?.value, 'identity_link_url')?.value ?? null);
    const grant = grantOf(group, tree, name, quotedName, problems);
    const readOnly = policyField('readOnly');
    const expiresAt = policyField('expiresAt');
    const allowedIps = policyField('allowedIps');
    const rateLimit = policyField('rateLimit');
    const policyAt = (expiresAt ?? allowedIps ?? rateLimit)?.location ?? name.location;
    const policy = checked(undefined, policyAt, () =>
      CredentialPolicy.of({ expiresAt: expiresAt?.value ?? null, allowedIps: allowedIps?.value ?? [], rateLimit: rateLimit?.value ?? null }),
    );

    if (validName !== undefined && validEmail !== undefined && validEndpoint !== undefined && validIdentity !== undefined && grant !== null && policy !== undefined) {
      declared.push({
        name: validName,
        email: validEmail,
        endpoint: validEndpoint,
        identityLinkUrl: validIdentity,
        grant,
        policy,
        readOnly: readOnly?.value ?? false,
        location: name.location,
      });
    }
  }
  if (problems.length > 0) throw new ConfigFilesError(sortedByPlace(problems));
  return declared;
}

/**
 * The merged resource list of one integration, imported exactly; null when a resource is unknown
 * or the files together list more than the API accepts.
 */
function grantOf(
  group: readonly IntegrationDeclarationPart[],
  tree: AclResourceTree,
  name: Located<string>,
  quotedName: string,
  problems: ConfigProblem[],
): Grant | null {
  const listed = group.flatMap((part) => part.resources ?? []);
  if (listed.some((resource) => resource.value === MAGENTO_ALL)) return Grant.all();
  const ids = new Set(listed.map((resource) => resource.value));
  ids.delete(MAGENTO_ADMIN);
  if (ids.size > MAX_GRANT_RESOURCES) {
    problems.push({
      location: name.location,
      message: `integration "${quotedName}" lists ${ids.size} resources in all; at most ${MAX_GRANT_RESOURCES} may be listed (as in the API). List a parent instead of its children where it grants what you mean.`,
    });
    return null;
  }
  const unknown = listed.filter((resource) => resource.value !== MAGENTO_ADMIN && !tree.has(resource.value));
  for (const resource of unknown) {
    problems.push({
      location: resource.location,
      message: `integration "${quotedName}" lists the resource "${shown(resource.value)}", which no ACL file defines.`,
    });
  }
  if (unknown.length > 0) return null;
  return Grant.importResourceList(ids, tree);
}

function sortedByPlace(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const position = (problem: ConfigProblem): [string, number, number] =>
    'line' in problem.location ? [problem.location.file, problem.location.line, problem.location.column] : [problem.location.file, 0, 0];
  return [...problems].sort((a, b) => {
    const [fa, la, ca] = position(a);
    const [fb, lb, cb] = position(b);
    return fa.localeCompare(fb) || la - lb || ca - cb;
  });
}
