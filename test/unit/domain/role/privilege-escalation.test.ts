import { AclResourceTree } from '../../../../src/domain/acl/acl-resource-tree';
import { Grant } from '../../../../src/domain/acl/grant.value-object';
import { assertMayGive, PrivilegeEscalationError } from '../../../../src/domain/role/privilege-escalation';
import { DomainError } from '../../../../src/domain/kernel/domain-error';
import { R, SHOP_ACL } from '../../../support/acl-fixtures';

const tree = AclResourceTree.build([SHOP_ACL]);
const REFUND = 'Magento_Sales::refund';
/** The same tree after a module adds Refund under Actions. */
const laterTree = tree.extendedWith({
  name: 'later',
  resources: [
    {
      id: R.sales,
      children: [{ id: R.operations, children: [{ id: R.orders, children: [{ id: R.actions, children: [{ id: REFUND, title: 'Refund' }] }] }] }],
    },
  ],
});

function refusal(actor: Grant, requested: Grant, onTree = tree): PrivilegeEscalationError {
  try {
    assertMayGive(actor, requested, onTree, 'do it');
  } catch (error) {
    if (error instanceof PrivilegeEscalationError) return error;
    throw error;
  }
  throw new Error('expected a PrivilegeEscalationError');
}

describe('assertMayGive (no privilege escalation)', () => {
  it.each([
    ['All, to an All actor', Grant.all(), Grant.all()],
    ['Custom, to an All actor', Grant.all(), Grant.custom([R.sales, R.customers])],
    ['nothing', Grant.none(), Grant.none()],
    ['the same selection', Grant.custom([R.orders]), Grant.custom([R.orders])],
    ['a descendant of a selection', Grant.custom([R.orders]), Grant.custom([R.capture])],
    ['a selection with more exclusions', Grant.custom([R.orders], [R.cancel]), Grant.custom([R.orders], [R.cancel, R.create])],
    ['the children one by one of a selected parent', Grant.custom([R.actions]), Grant.custom([R.create, R.cancel, R.capture])],
    ['a re-covered resource under an exclusion', Grant.custom([R.sales, R.capture], [R.orders]), Grant.custom([R.capture])],
  ])('allows giving %s', (_case, actor, requested) => {
    expect(() => assertMayGive(actor, requested, tree, 'do it')).not.toThrow();
  });

  it('refuses All to a Custom actor, even one with every top-level resource', () => {
    const error = refusal(Grant.custom([R.sales, R.customers]), Grant.all());

    expect(error.code).toBe('ACCESS.PRIVILEGE_ESCALATION');
    expect(error.parameters).toEqual({ resources: ['all'] });
    expect(error.message).toBe('You cannot do it: it gives access to all resources, and you do not have all resources yourself.');
  });

  it('refuses resources the actor lacks, naming them in the message and parameters', () => {
    const error = refusal(Grant.custom([R.orders]), Grant.custom([R.orders, R.invoices, R.manageCustomers]));

    expect(error).toBeInstanceOf(DomainError);
    expect(error.parameters).toEqual({ resources: [R.invoices, R.manageCustomers] });
    expect(error.message).toBe(
      `You cannot do it: it gives access to resources you are not allowed yourself: ${R.invoices}, ${R.manageCustomers}.`,
    );
  });

  it('names only the topmost resource of each offending subtree', () => {
    expect(refusal(Grant.none(), Grant.custom([R.sales])).parameters).toEqual({ resources: [R.sales] });
  });

  it('refuses a parent whose children the actor has one by one: it would give children added later', () => {
    const actor = Grant.custom([R.create, R.cancel, R.capture]);

    expect(refusal(actor, Grant.custom([R.actions])).parameters).toEqual({ resources: [R.actions] });
    expect(refusal(actor, Grant.custom([R.actions]), laterTree).parameters).toEqual({ resources: [R.actions] });
  });

  it('refuses a parent the actor has only with an exclusion, naming the excluded resource', () => {
    expect(refusal(Grant.custom([R.orders], [R.cancel]), Grant.custom([R.orders])).parameters).toEqual({ resources: [R.cancel] });
  });

  it('does not count path resources as the actor\'s: selecting {Capture} opens Actions only as a path', () => {
    expect(refusal(Grant.custom([R.capture]), Grant.custom([R.actions]), laterTree).parameters).toEqual({ resources: [R.actions] });
  });

  it('treats the actor\'s own exclusion below a requested selection as beyond the actor', () => {
    const actor = Grant.custom([R.sales], [R.orders]);

    expect(refusal(actor, Grant.custom([R.operations])).parameters).toEqual({ resources: [R.orders] });
  });

  it('is the same answer as Grant.isWithin', () => {
    const actor = Grant.custom([R.orders]);

    expect(Grant.custom([R.capture]).isWithin(actor, tree)).toBe(true);
    expect(Grant.custom([R.sales]).isWithin(actor, tree)).toBe(false);
  });
});
