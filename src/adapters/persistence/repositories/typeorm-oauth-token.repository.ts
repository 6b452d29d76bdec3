import { type SecretCipher } from '../../../application/ports/secret-cipher.port';
import { type OAuthToken } from '../../../domain/token/oauth-token.aggregate';
import { type OAuthTokenRepository } from '../../../domain/token/oauth-token.repository';
import { tokenDigest, tokenToDomain, tokenToRow } from '../mappers/oauth-token.mapper';
import { type PersistenceSchemas } from '../schemas/schemas';
import { type TransactionContext } from '../transaction-context';
import { insertOrUpdate } from '../insert-or-update';
import { In, LessThan } from 'typeorm';
import { TypeormRepository } from './typeorm-repository';

/** OAuth tokens: looked up by digest, the token and its secret stored encrypted. */
export class TypeormOAuthTokenRepository extends TypeormRepository implements OAuthTokenRepository {
  constructor(
    context: TransactionContext,
    schemas: PersistenceSchemas,
    private readonly cipher: SecretCipher,
  ) {
    super(context, schemas);
  }

  findByToken(token: string): Promise<OAuthToken | null> {
    return this.findOne(this.schemas.token, { token: tokenDigest(token) }, (row) => tokenToDomain(row, this.cipher));
  }

  async listByIntegrationId(integrationId: string): Promise<readonly OAuthToken[]> {
    const rows = await this.context.manager().find(this.schemas.token, { where: { integrationId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((row) => tokenToDomain(row, this.cipher));
  }

  async save(token: OAuthToken): Promise<void> {
    const row = tokenToRow(token, this.cipher);
    await insertOrUpdate(this.context.manager(), this.schemas.token, row, { id: row.id });
  }

  async replace(token: OAuthToken, previousValue: string): Promise<boolean> {
    const { id, ...changes } = tokenToRow(token, this.cipher);
    const result = await this.context.manager().update(this.schemas.token, { id, token: tokenDigest(previousValue) }, changes);
    return (result.affected ?? 0) > 0;
  }

  async purgeUnfinishedOlderThan(before: Date): Promise<number> {
    const result = await this.context.manager().delete(this.schemas.token, { type: In(['verifier', 'request']), createdAt: LessThan(before) });
    return result.affected ?? 0;
  }

  async deleteByIntegrationId(integrationId: string): Promise<void> {
    await this.context.manager().delete(this.schemas.token, { integrationId });
  }
}
