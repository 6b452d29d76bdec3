import { readFileSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { shown, type ConfigProblem, type IntegrationDeclarationPart } from '../../application/config-sync/config-declarations';
import { ConfigFilesError } from '../../application/config-sync/config-sync.errors';
import { type AclResourceSource } from '../../domain/acl/acl-resource-tree';
import { readJsonAclTree } from './json-acl.reader';
import { readJsonIntegrations } from './json-integrations.reader';
import { readMagentoAclXml } from './magento-acl-xml.reader';
import { readMagentoIntegrationXmlElement } from './magento-integration-xml.reader';
import { readMagentoIntegrationApiXmlElement, readMagentoIntegrationConfigXmlElement } from './magento-legacy-integration.reader';
import { parseXmlDocument } from './xml-document';

/* Sets of configuration files named by paths and globs, read all at once: every problem of every
   file is reported together, so one run shows everything to fix. */

export interface ExpandedFiles {
  /** Absolute paths of the files, each pattern's matches sorted, in pattern order, without repeats. */
  readonly files: string[];
  /** Literal paths that name nothing, and globs that match no file. */
  readonly problems: ConfigProblem[];
}

/**
 * Expands paths and globs (relative ones against `cwd`) to files. A literal path that does not
 * exist is a problem; an existing one is kept whatever it is, so that reading it says what is wrong.
 * A glob that matches no file is a problem too: a typo, a checkout in the wrong place, or a file
 * caught between delete and create would otherwise read as "nothing declared", and a sync would
 * retire every integration the missing files declare.
 */
export function expandFilePatterns(patterns: readonly string[], cwd: string): ExpandedFiles {
  const files: string[] = [];
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    files.push(file);
  };
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      const matches = globSync(pattern, { cwd, absolute: true, onlyFiles: true, expandDirectories: false }).map((file) => resolve(file));
      if (matches.length === 0) problems.push({ location: { file: pattern }, message: `matches no file${relativeTo(pattern, cwd)}` });
      matches.sort().forEach(add);
    } else {
      const file = resolve(cwd, pattern);
      if (exists(file)) add(file);
      else problems.push({ location: { file: pattern }, message: `no such file${relativeTo(pattern, cwd)}` });
    }
  }
  return { files, problems };
}

function relativeTo(pattern: string, cwd: string): string {
  return isAbsolute(pattern) ? '' : ` (relative to ${cwd})`;
}

/**
 * The ACL resource sources of the files the patterns name: `.json` files as JSON trees, any other
 * as Magento acl.xml. Each source is named by the file's absolute path.
 * @throws ConfigFilesError listing the problems of all files (missing, matching nothing, unreadable,
 *   empty, wrong)
 */
export function loadAclSources(patterns: readonly string[], cwd: string): { sources: AclResourceSource[] } {
  const { files, problems } = expandFilePatterns(patterns, cwd);
  const sources = readEach(files, problems, (text, file) => [
    isJson(file) ? readJsonAclTree(text, file) : readMagentoAclXml(text, file),
  ]);
  if (problems.length > 0) throw new ConfigFilesError(problems);
  return { sources };
}

/** The root elements of the integration XML formats, and which reader each means. */
const INTEGRATION_ROOTS = ['config', 'integrations'];

/**
 * The integration declarations of the files the patterns name: `.json` files as JSON; `.xml` files
 * by their root element, `<config>` as integration.xml and `<integrations>` as the legacy api.xml
 * (a file named api.xml) or config.xml (any other name).
 * @throws ConfigFilesError listing the problems of all files (missing, matching nothing,
 *   unreadable, empty, of another type, wrong)
 */
export function loadIntegrationDeclarations(patterns: readonly string[], cwd: string): { parts: IntegrationDeclarationPart[]; files: string[] } {
  const { files, problems } = expandFilePatterns(patterns, cwd);
  const parts = readEach(files, problems, (text, file) => {
    if (isJson(file)) return readJsonIntegrations(text, file);
    if (extname(file).toLowerCase() !== '.xml') {
      throw new ConfigFilesError([{ location: { file }, message: 'not an integration file; expected a .json or .xml file' }]);
    }
    const root = parseXmlDocument(text, file);
    if (root.name === 'config') return readMagentoIntegrationXmlElement(root);
    if (root.name === 'integrations') {
      return basename(file).toLowerCase() === 'api.xml' ? readMagentoIntegrationApiXmlElement(root) : readMagentoIntegrationConfigXmlElement(root);
    }
    throw new ConfigFilesError([
      {
        location: root.location,
        message: `the root element is <${shown(root.name)}>; expected ${INTEGRATION_ROOTS.map((name) => `<${name}>`).join(' or ')} (integration.xml, or the legacy config.xml and api.xml)`,
      },
    ]);
  });
  if (problems.length > 0) throw new ConfigFilesError(problems);
  return { parts, files };
}

/**
 * Reads each file with `read`, adding unreadable and empty files and ConfigFilesError problems to
 * `problems`. An empty file (nothing but blanks) is refused before any reader sees it: it is what a
 * file being written over looks like (truncated, not yet written), never a declaration.
 */
function readEach<T>(files: readonly string[], problems: ConfigProblem[], read: (text: string, file: string) => T[]): T[] {
  const results: T[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      problems.push({ location: { file }, message: `cannot be read (${code})` });
      continue;
    }
    if (text.replace(/^\uFEFF/, '').trim() === '') {
      problems.push({
        location: { file },
        message: `the file is empty (${text.length === 0 ? '0 bytes' : 'blanks only'}): caught while it was being written? Try again once it is complete`,
      });
      continue;
    }
    try {
      results.push(...read(text, file));
    } catch (error) {
      if (!(error instanceof ConfigFilesError)) throw error;
      problems.push(...error.problems);
    }
  }
  return results;
}

/** False only when nothing is there; a path that cannot be examined is left for reading to report. */
function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch (error) {
    return !['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
  }
}

function isJson(file: string): boolean {
  return extname(file).toLowerCase() === '.json';
}
