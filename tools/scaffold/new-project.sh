#!/usr/bin/env bash
# Scaffolds an Nx project the way every project here is laid out.
# usage: tools/scaffold/new-project.sh <app|lib|testing> <name> <scope>
set -euo pipefail
kind=$1 name=$2 scope=$3
case $kind in
  app) root=apps/$name; tags="\"type:app\", \"scope:$scope\"";;
  lib) root=libs/$name; tags="\"type:lib\", \"scope:$scope\"";;
  testing) root=libs/$name; tags="\"type:testing\", \"scope:$scope\"";;
esac
mkdir -p "$root/src"
rel=$(realpath --relative-to="$root" .)
if [ "$kind" = app ]; then
cat > "$root/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "$rel/node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$root/src",
  "projectType": "application",
  "tags": [$tags],
  "targets": {
    "build": {
      "executor": "nx:run-commands",
      "outputs": ["{workspaceRoot}/dist/$root"],
      "options": { "command": "node tools/build/build-app.mjs $name" }
    },
    "serve": {
      "executor": "nx:run-commands",
      "dependsOn": ["build"],
      "options": { "command": "node dist/$root/$root/src/main.js" }
    },
    "typecheck": {
      "executor": "nx:run-commands",
      "options": { "command": "tsc -p $root/tsconfig.app.json --noEmit" }
    },
    "lint": { "executor": "@nx/eslint:lint", "options": { "maxWarnings": 0 } },
    "test": { "executor": "@nx/jest:jest", "options": { "jestConfig": "$root/jest.config.js" } }
  }
}
JSON
tsmain=tsconfig.app.json
else
cat > "$root/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "$rel/node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$root/src",
  "projectType": "library",
  "tags": [$tags],
  "targets": {
    "typecheck": {
      "executor": "nx:run-commands",
      "options": { "command": "tsc -p $root/tsconfig.lib.json --noEmit" }
    },
    "lint": { "executor": "@nx/eslint:lint", "options": { "maxWarnings": 0 } },
    "test": { "executor": "@nx/jest:jest", "options": { "jestConfig": "$root/jest.config.js" } }
  }
}
JSON
tsmain=tsconfig.lib.json
fi
cat > "$root/tsconfig.json" <<JSON
{
  "extends": "$rel/tsconfig.base.json",
  "files": [],
  "include": [],
  "references": [{ "path": "./$tsmain" }, { "path": "./tsconfig.spec.json" }]
}
JSON
cat > "$root/$tsmain" <<JSON
{
  "extends": "./tsconfig.json",
  "compilerOptions": { "outDir": "$rel/dist/out-tsc", "types": ["node"] },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.spec.ts", "src/**/*.test.ts", "test/**/*"]
}
JSON
cat > "$root/tsconfig.spec.json" <<JSON
{
  "extends": "./tsconfig.json",
  "compilerOptions": { "outDir": "$rel/dist/out-tsc", "types": ["jest", "node"] },
  "include": ["src/**/*.ts", "test/**/*.ts"]
}
JSON
cat > "$root/jest.config.js" <<JSON
module.exports = {
  displayName: '$name',
  preset: '$rel/jest.preset.js',
  rootDir: __dirname,
};
JSON
echo "created $root"
