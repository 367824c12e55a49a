// A local OpenID Connect provider that issues Entra ID-shaped tokens, for the single sign-on
// tests and for trying single sign-on on a laptop (docs/sso.md).
//
// It is panva's certified `oidc-provider` (pinned in package-lock.json), configured here:
// the authorization code flow with PKCE required, refresh tokens, RP-initiated logout, and ID
// tokens carrying Entra ID's claims: oid, tid, roles, sid, preferred_username, name, email.
// Its development login form takes any password for a known login.
//
//   node scripts/oidc_provider.mjs
//
// Environment (all optional):
//   OIDC_PORT           port on 127.0.0.1 (9000); the issuer is http://127.0.0.1:<port>
//   RP_BASE_URL         the intranet's address (http://localhost:8000): redirect URIs
//   OIDC_CLIENT_ID      client id (vnr-intranett) and OIDC_CLIENT_SECRET its secret
//   OIDC_ACCOUNTS_FILE  JSON file of accounts by login, read at every request, so a test can
//                       change roles or disable an account while the provider runs:
//                       {"kari": {"oid": "...", "tid": "...", "roles": ["VNR.Ansatte"],
//                                 "name": "Kari Nordmann", "email": "kari@example.org",
//                                 "disabled": false}}
//   OIDC_JWKS           the signing keys as a private JWK set (JSON); generated if unset
//   OIDC_ID_TOKEN_TTL   the ID token's lifetime in seconds (3600)
//
// It prints one line, "ready <issuer>", once it listens.

import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT || 9000);
const issuer = `http://127.0.0.1:${port}`;
const rpBase = (process.env.RP_BASE_URL || 'http://localhost:8000').replace(/\/$/, '');
const tenant = '3f1b6c2e-0a4d-4c39-9d1e-6b0f5a2c8e71';

const EXAMPLE_ACCOUNTS = {
  kari: {
    oid: '9b2f1c64-5d7e-4a1b-8c3d-2e4f6a8b0c1d',
    tid: tenant,
    roles: ['VNR.Ansatte'],
    name: 'Kari Nordmann',
    email: 'kari.nordmann@example.org',
  },
};

function accounts() {
  const file = process.env.OIDC_ACCOUNTS_FILE;
  return file ? JSON.parse(readFileSync(file, 'utf8')) : EXAMPLE_ACCOUNTS;
}

async function findAccount(ctx, login, token) {
  const account = accounts()[login];
  if (!account || account.disabled) {
    return undefined;
  }
  return {
    accountId: login,
    async claims() {
      return {
        sub: login,
        oid: account.oid,
        tid: account.tid,
        roles: account.roles || [],
        sid: token?.sid,
        preferred_username: account.preferred_username || account.email || login,
        name: account.name,
        email: account.email,
      };
    },
  };
}

// Our client is the municipality's own app with admin consent: no consent screen.
async function loadExistingGrant(ctx) {
  const { Grant } = ctx.oidc.provider;
  const grantId = ctx.oidc.result?.consent?.grantId
    || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
  if (grantId) {
    return Grant.find(grantId);
  }
  const grant = new Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
  grant.addOIDCScope('openid profile email offline_access');
  await grant.save();
  return grant;
}

const configuration = {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID || 'vnr-intranett',
      client_secret: process.env.OIDC_CLIENT_SECRET || 'lokal-hemmelighet',
      redirect_uris: [`${rpBase}/oidc/callback/`],
      post_logout_redirect_uris: [`${rpBase}/logg-inn/`],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      // Entra ID always puts the session id (sid) in the ID token; oidc-provider does so for a
      // client that asks for it with its back-channel logout, which we do not otherwise use.
      backchannel_logout_uri: `${rpBase}/oidc/utlogging/`,
      backchannel_logout_session_required: true,
    },
  ],
  claims: {
    openid: ['sub', 'oid', 'tid', 'roles', 'sid'],
    profile: ['name', 'preferred_username'],
    email: ['email'],
  },
  // Entra ID puts these claims in the ID token itself.
  conformIdTokenClaims: false,
  cookies: { keys: ['local-test-provider-only'] },
  findAccount,
  loadExistingGrant,
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  pkce: { required: () => true },
  ttl: {
    IdToken: Number(process.env.OIDC_ID_TOKEN_TTL || 3600),
    AccessToken: 3600,
    RefreshToken: 24 * 3600,
    Session: 24 * 3600,
    Grant: 24 * 3600,
    Interaction: 3600,
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    backchannelLogout: { enabled: true },
  },
};
if (process.env.OIDC_JWKS) {
  configuration.jwks = JSON.parse(process.env.OIDC_JWKS);
}

const provider = new Provider(issuer, configuration);
provider.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
