import { describe, expect, it } from 'vitest'
import { API_ROUTES } from './documents-api.ts'
import { OPENAPI_DOCUMENT } from './openapi.ts'

const paths: Record<string, Record<string, unknown>> = OPENAPI_DOCUMENT.paths

describe('the OpenAPI document of /api/v1', () => {
  it('is OpenAPI 3.1 in shape, with the bearer scheme', () => {
    expect(OPENAPI_DOCUMENT.openapi).toBe('3.1.0')
    expect(OPENAPI_DOCUMENT.info).toMatchObject({ title: expect.any(String), version: expect.any(String) })
    expect(OPENAPI_DOCUMENT.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }))
    expect(OPENAPI_DOCUMENT.security).toEqual([{ bearer: [] }])
  })

  it('describes every route of the table, and no other', () => {
    const described = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => ['get', 'put', 'post', 'delete', 'patch'].includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(described.sort()).toEqual(API_ROUTES.map((route) => `${route.method} ${route.path}`).sort())
  })

  it('declares every path parameter a template names, and every $ref resolves', () => {
    for (const [path, item] of Object.entries(paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1])
      const declared = ((item.parameters ?? []) as Array<{ name: string; in: string; required: boolean }>).filter((parameter) => parameter.in === 'path')
      expect(declared.map((parameter) => parameter.name)).toEqual(names)
      expect(declared.every((parameter) => parameter.required)).toBe(true)
    }
    const refs = [...JSON.stringify(OPENAPI_DOCUMENT).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((match) => match[1]!)
    expect(refs.length).toBeGreaterThan(0)
    for (const name of refs) expect(OPENAPI_DOCUMENT.components.schemas).toHaveProperty(name)
  })
})
