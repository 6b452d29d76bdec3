import { Option } from 'commander';
import { type GrantInput } from '../../../application/access/grant-input';
import { CliUsageError } from '../cli-errors';
import { commaList } from '../option-parsers';

/** `--all`, or `--resources` with `--exclude`: the resource access of an integration or admin role. */
export interface AccessOptions {
  readonly all?: boolean;
  readonly resources?: string[];
  readonly exclude?: string[];
}

/** The access options of integration:create/update and role:create/update. */
export function accessOptions(): Option[] {
  return [
    new Option('--all', 'access to all resources').conflicts(['resources', 'exclude']),
    new Option('--resources <ids>', 'custom access: comma-separated resource ids (their children included)').argParser(commaList),
    new Option('--exclude <ids>', 'with --resources: ids unchecked under a checked resource').argParser(commaList),
  ];
}

/**
 * The resource access the options ask for: `--all`, or `--resources` with `--exclude`; nothing when
 * updating without either. `required` names the command that needs one.
 * @throws CliUsageError for `--exclude` without `--resources`, or neither when required
 */
export function grantFrom(options: AccessOptions, required: string | null): Partial<GrantInput> {
  if (options.all === true) return { resourceAccess: 'all' };
  if (options.resources !== undefined) return { resourceAccess: 'custom', resources: options.resources, excluded: options.exclude ?? [] };
  if (options.exclude !== undefined) throw new CliUsageError('--exclude needs --resources (the resources it is excluded from).');
  if (required !== null) throw new CliUsageError(`${required} needs --all or --resources <ids> (comma-separated resource ids).`);
  return {};
}
