import { loadAclSources, loadIntegrationDeclarations, loadWebapiRouteTable } from '../../adapters/config-files/config-file-set';
import { type IntegrationDeclarationPart } from '../../application/config-sync/config-declarations';
import { type RouteTable } from '../../application/guard/route-table';
import { type AclResourceSource } from '../../domain/acl/acl-resource-tree';
import { type ServerConfig } from './server-config';

/* What the server and the CLI derive alike from the settings: files read, URLs built. */

/**
 * The host API's resources from the configured files and globs (acl.xml or JSON; the tree merges
 * them by id when the container is built, and names the place of a conflict).
 * @throws ConfigFilesError naming every file (and line and column) that is missing, unreadable,
 *   empty or wrong, and every glob that matches no file
 */
export function aclSourcesOf(patterns: readonly string[]): AclResourceSource[] {
  return loadAclSources(patterns, process.cwd()).sources;
}

/**
 * What the configured integration files declare (integration.xml, legacy config.xml + api.xml,
 * JSON), with the files read.
 * @throws ConfigFilesError naming every file (and line and column) that is missing, unreadable,
 *   empty or wrong, and every glob that matches no file
 */
export function integrationDeclarationsOf(patterns: readonly string[]): { parts: IntegrationDeclarationPart[]; files: string[] } {
  return loadIntegrationDeclarations(patterns, process.cwd());
}

/**
 * The route declarations of the configured webapi.xml files and globs, merged as Magento merges them.
 * @throws ConfigFilesError naming every file (and line and column) that is missing, unreadable,
 *   empty or wrong, every glob that matches no file, and every route declared again with other access
 */
export function routeTableOf(patterns: readonly string[]): RouteTable {
  return loadWebapiRouteTable(patterns, process.cwd()).table;
}

/**
 * The base URL sent to third parties in the token exchange (`store_base_url`): PUBLIC_BASE_URL, or
 * this host and port (a wildcard host is not an address a third party can use, so loopback).
 */
export function exchangeBaseUrl(config: ServerConfig): string {
  if (config.publicBaseUrl !== undefined) return config.publicBaseUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}
