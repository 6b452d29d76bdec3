import { type AclResourceDefinition } from '../../../domain/acl/acl-resource-tree';
import { type AclTreeProvider } from '../../ports/acl-tree.port';

export interface AclTreeNodeView {
  readonly id: string;
  readonly title: string;
  readonly sortOrder: number;
  readonly children: readonly AclTreeNodeView[];
}

/** The ACL resource tree, nested, in display order. */
export class GetAclTree {
  constructor(private readonly aclTree: AclTreeProvider) {}

  execute(): Promise<readonly AclTreeNodeView[]> {
    const toView = (definition: AclResourceDefinition): AclTreeNodeView => ({
      id: definition.id,
      title: definition.title ?? definition.id,
      sortOrder: definition.sortOrder ?? 0,
      children: (definition.children ?? []).map(toView),
    });
    return Promise.resolve(this.aclTree.current().toDefinitions().map(toView));
  }
}
