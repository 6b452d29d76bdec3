/** `POST /rest/V1/integration/admin/token` (checked by the use case, with Magento's messages). */
export interface SignInBody {
  readonly username?: unknown;
  readonly password?: unknown;
}
