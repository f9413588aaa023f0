// Shared Jest transform: @swc/jest with legacy decorators + metadata (NestJS/TypeORM), emitted as CommonJS.
// NestJS 12 ships ESM only, so @nestjs packages are transformed too, as is content-disposition (ESM only, required
// by @fastify/static: Node 20 requires ESM itself, Jest's module loader does not).
module.exports = {
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm|@nestjs|content-disposition)/)'],
  moduleNameMapper: {
    '^@pumpwatch/domain$': '<rootDir>/../../packages/domain/src/index.ts',
    '^@pumpwatch/contracts$': '<rootDir>/../../packages/contracts/src/index.ts',
  },
};
