import { injectionToken } from '../../domain/kernel/injection-token';
import { type AclResourceTree } from '../../domain/acl/acl-resource-tree';

/** The current ACL resource tree (the host's resources and Portcullis's own). */
export interface AclTreeProvider {
  current(): AclResourceTree;
}

export const ACL_TREE_PROVIDER = injectionToken<AclTreeProvider>('AclTreeProvider');
