import { type AclTreeProvider } from '../../application/ports/acl-tree.port';
import { type AclResourceTree } from '../../domain/acl/acl-resource-tree';

/** A tree fixed at start-up (built once from the host's and Portcullis's sources). */
export class FixedAclTreeProvider implements AclTreeProvider {
  constructor(private readonly tree: AclResourceTree) {}

  current(): AclResourceTree {
    return this.tree;
  }
}
