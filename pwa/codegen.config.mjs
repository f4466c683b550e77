// GraphQL Code Generator: TypeScript types from the server's schema (../schema/schema.graphql, exported
// by `lianchuang export-schema`) and from the operations in the sources — every template literal
// marked /* GraphQL */. `npm run codegen` writes src/shared/api.generated.ts; `npm run typecheck`
// fails when that file is not what the schema and the operations give (scripts/codegen.mjs --check).
export default {
  overwrite: true,
  schema: '../schema/schema.graphql',
  documents: ['src/**/*.ts', 'src/**/*.vue', '!src/**/*.spec.ts', '!src/shared/api.generated.ts'],
  ignoreNoDocuments: true,
  pluckConfig: { gqlMagicComment: 'GraphQL', globalGqlIdentifierName: [] },
  generates: {
    'src/shared/api.generated.ts': {
      plugins: ['typescript', 'typescript-operations'],
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        maybeValue: 'T | null',
        skipTypename: true,
        scalars: { Date: 'string', DateTime: 'string', JSON: 'unknown', ID: 'string' },
      },
    },
  },
}
