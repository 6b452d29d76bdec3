import 'reflect-metadata';
import { CredentialPolicyBody } from '../../../../src/adapters/http/dtos/integration.dto';
import { HttpProblem } from '../../../../src/adapters/http/http-errors';
import { parseInput } from '../../../../src/adapters/http/validation';

/*
 * Issue 21: a list checked entry by entry against the core's rule (`policy.allowedIps`) is refused
 * in the core's words for the entry at fault, so the admin UI can show it under the field.
 */
describe('DomainRule on each entry of a list', () => {
  it("words the first refused entry with the core's message", async () => {
    const refused = await parseInput(CredentialPolicyBody, { allowedIps: ['10.0.0.0/8', '203.0.113.7/24', 'nope'] }, 'body').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpProblem);
    expect((refused as HttpProblem).body.errors).toEqual([
      {
        field: 'allowedIps',
        message:
          '"203.0.113.7/24" in "allowedIps" is not a network: the address has bits set past its /24 prefix. Did you mean 203.0.113.0/24? (A single address is written without a prefix: 203.0.113.7.)',
      },
    ]);
  });

  it('lets a list of valid entries through', async () => {
    await expect(parseInput(CredentialPolicyBody, { allowedIps: ['203.0.113.0/24', '2001:db8::/32'] }, 'body')).resolves.toMatchObject({ allowedIps: ['203.0.113.0/24', '2001:db8::/32'] });
  });
});
