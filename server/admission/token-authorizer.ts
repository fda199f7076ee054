/**
 * The part of links and jwt mode that is the same: a signed JWT (jose) whose
 * claims name a room and a permission becomes a Grant, or a typed refusal
 * that says why and what to do. No token, a token that does not verify
 * (malformed, wrong signature, an algorithm not accepted, `alg: none`,
 * expired, a claim missing, an audience or issuer not the expected one) → `unauthorized`; a valid token for another room
 * → `forbidden`. The token itself is never logged or echoed.
 */
import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type KeyInput } from 'jose'
import type { JwtExpectedClaims } from '../config.ts'
import type { Authorize, AuthorizationRequest, Grant } from './authorization.ts'
import type { CloseReason } from '../close-reason.ts'

export interface TokenRules {
  /** The key (or a key resolver, for a JWKS) tokens must be signed with. */
  readonly key: KeyInput | JWTVerifyGetKey
  /** The only `alg` header values accepted; anything else, `none` included, is refused. */
  readonly algorithms: readonly string[]
  /** Claims a token must carry besides `room` and `perm`. */
  readonly requiredClaims: readonly string[]
  /** `aud` / `iss` values a token must carry; absent or null: not checked. */
  readonly expected?: JwtExpectedClaims
  /** Whether a `room` claim ending in `*` grants every room starting with what precedes it. */
  readonly prefixRooms: boolean
  /** Said when there is no token: where one comes from. */
  readonly missingToken: string
  /** Appended to every other refusal: what to do about it. */
  readonly remedy: string
}

export function tokenAuthorizer(rules: TokenRules): Authorize {
  const refuse = (kind: CloseReason['kind'], why: string) => ({ refused: { kind, message: `${why}; ${rules.remedy}` } })
  return async ({ roomId, token }: AuthorizationRequest) => {
    if (token === null || token === '') return { refused: { kind: 'unauthorized', message: rules.missingToken } }
    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(token, rules.key, {
        algorithms: [...rules.algorithms],
        requiredClaims: ['room', 'perm', ...rules.requiredClaims],
        ...(rules.expected?.audience ? { audience: rules.expected.audience } : {}),
        ...(rules.expected?.issuer ? { issuer: rules.expected.issuer } : {}),
      }))
    } catch (error) {
      return refuse('unauthorized', whyNotVerified(error, rules.expected))
    }
    const { room, perm, name, sub } = payload
    if (typeof room !== 'string' || (perm !== 'edit' && perm !== 'view')) {
      return refuse('unauthorized', 'The token\'s "room" claim must be a room id and its "perm" claim "edit" or "view"')
    }
    if (!grantsRoom(room, roomId, rules.prefixRooms)) return refuse('forbidden', 'The token is for another document')
    const grant: Grant = {
      identity: { subject: typeof sub === 'string' ? sub : null, name: typeof name === 'string' ? name : null },
      permission: perm,
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null,
    }
    return grant
  }
}

function grantsRoom(claim: string, roomId: string, prefixRooms: boolean): boolean {
  if (prefixRooms && claim.endsWith('*')) return roomId.startsWith(claim.slice(0, -1))
  return claim === roomId
}

function whyNotVerified(error: unknown, expected: JwtExpectedClaims | undefined): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired'
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The token is not signed with an algorithm this server accepts'
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token\'s signature does not match this server\'s key'
  if (error instanceof errors.JWKSNoMatchingKey) return 'No key of this server matches the token'
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
    return `The token is not meant for this server: its "aud" claim must be ${JSON.stringify(expected?.audience)} (AUTH_AUDIENCE)`
  }
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') {
    return `The token was not issued by the application this server trusts: its "iss" claim must be ${JSON.stringify(expected?.issuer)} (AUTH_ISSUER)`
  }
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's "${error.claim}" claim is missing or not valid`
  return 'The token is not a valid signed JWT'
}
