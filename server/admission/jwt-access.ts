/**
 * JWT mode, for embedding Seed in another application: that application
 * mints the tokens, signed HS256 with AUTH_SECRET, or EdDSA / ES256 / RS256
 * with the private half of AUTH_PUBLIC_KEY_FILE or of a key in
 * AUTH_JWKS_FILE. Claims: `room` (a room id, or a prefix ending in `*`),
 * `perm` (`edit` | `view`), `exp` (required), optional `name` and `sub`;
 * with AUTH_AUDIENCE / AUTH_ISSUER set, also `aud` / `iss` with that value, so
 * a token the same key signed for another service is not accepted here.
 * Rooms are named by that application: POST /api/rooms creates one only for
 * a bearer whose token lets it edit the room it names.
 */
import { createLocalJWKSet, importSPKI, type JSONWebKeySet } from 'jose'
import type { JwtExpectedClaims, JwtKeyConfig } from '../config.ts'
import { ConfigError } from '../errors.ts'
import type { AccessControl } from './access-control.ts'
import { tokenAuthorizer, type TokenRules } from './token-authorizer.ts'

const ASYMMETRIC_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'] as const

export async function jwtAccess(keyConfig: JwtKeyConfig, expected: JwtExpectedClaims): Promise<AccessControl> {
  return {
    mode: 'jwt',
    authorize: tokenAuthorizer({
      ...(await verificationKey(keyConfig)),
      requiredClaims: ['exp'],
      expected,
      prefixRooms: true,
      missingToken: 'This document needs a token from the application that embeds it (?token=… on the WebSocket, Authorization: Bearer on HTTP)',
      remedy: 'get a new token from the application that opened this document',
    }),
    createdBy: 'roomEditors',
    creatorTokens: async () => null,
  }
}

async function verificationKey(keyConfig: JwtKeyConfig): Promise<Pick<TokenRules, 'key' | 'algorithms'>> {
  switch (keyConfig.kind) {
    case 'secret':
      return { key: new TextEncoder().encode(keyConfig.secret), algorithms: ['HS256'] }
    case 'publicKey':
      // A PEM key does not name its algorithm: the one it imports as is the only one accepted.
      for (const algorithm of ASYMMETRIC_ALGORITHMS) {
        const key = await importSPKI(keyConfig.pem, algorithm).catch(() => null)
        if (key) return { key, algorithms: [algorithm] }
      }
      throw new ConfigError([`AUTH_PUBLIC_KEY_FILE=${JSON.stringify(keyConfig.file)} is not an Ed25519 (EdDSA), P-256 (ES256) or RSA (RS256) public key in PEM (SPKI)`])
    case 'jwks':
      try {
        return { key: createLocalJWKSet(keyConfig.jwks as JSONWebKeySet), algorithms: [...ASYMMETRIC_ALGORITHMS] }
      } catch {
        throw new ConfigError([`AUTH_JWKS_FILE=${JSON.stringify(keyConfig.file)} is not a JSON Web Key Set ({"keys": [...]})`])
      }
  }
}
