import type { Schema } from '@tiptap/pm/model'

type AttributeDefaults = Record<string, unknown>

export interface SchemaShape {
  nodes: Record<string, { attrs: AttributeDefaults; content: string; group: string; marks: string | null; inline: boolean }>
  marks: Record<string, { attrs: AttributeDefaults; excludes: string | null; inclusive: boolean }>
}

function attributeDefaults(attrs: Record<string, { default?: unknown }> | undefined): AttributeDefaults {
  return Object.fromEntries(Object.entries(attrs ?? {}).map(([name, spec]) => [name, spec.default]))
}

/**
 * What a document under this schema can hold: every node and mark with its attributes
 * (and their defaults) and what it may contain, as plain data two schemas can be compared by.
 */
export function schemaShape(schema: Schema): SchemaShape {
  return {
    nodes: Object.fromEntries(
      Object.entries(schema.nodes).map(([name, type]) => [
        name,
        {
          attrs: attributeDefaults(type.spec.attrs),
          content: type.spec.content ?? '',
          group: type.spec.group ?? '',
          marks: type.spec.marks ?? null,
          inline: type.isInline,
        },
      ]),
    ),
    marks: Object.fromEntries(
      Object.entries(schema.marks).map(([name, type]) => [
        name,
        { attrs: attributeDefaults(type.spec.attrs), excludes: type.spec.excludes ?? null, inclusive: type.spec.inclusive ?? true },
      ]),
    ),
  }
}
