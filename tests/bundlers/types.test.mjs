// TypeScript as users compile it: a strict consumer of both entries (tests/bundlers/types/esm.ts, and the same source
// copied to cjs.cts, which TypeScript compiles as CommonJS) type-checks against the installed tarball under moduleResolution bundler, node16 and nodenext, with
// the library's declarations checked too (no skipLibCheck) and only the default `lib` of an ES2022 target plus DOM.
// The consumer also holds `@ts-expect-error` lines, so the check fails if a type degrades to `any`; and a walk over
// every exported declaration, by the compiler's own API, finds no `any` in the public API.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { consumerProject, root, runTool } from "../helpers/consumer.mjs";

const ts = createRequire(import.meta.url)("typescript");
const STRICT = { strict: true, noImplicitAny: true, exactOptionalPropertyTypes: true, noEmit: true, skipLibCheck: false };
// `module` for each `moduleResolution` (bundler needs an ES module kind; `preserve` keeps .cts files CommonJS).
const MODES = { bundler: "preserve", node16: "node16", nodenext: "nodenext" };

let project;
before(() => {
  project = consumerProject("types");
  cpSync(join(root, "tests", "bundlers", "types"), project, { recursive: true });
  cpSync(join(project, "esm.ts"), join(project, "cjs.cts"));
});

function tsconfig(resolution, lib = ["es2022", "dom", "dom.iterable"]) {
  const file = `tsconfig.${resolution}.${lib.length}.json`;
  const compilerOptions = { ...STRICT, target: "es2022", lib, module: MODES[resolution], moduleResolution: resolution, types: [] };
  writeFileSync(join(project, file), JSON.stringify({ compilerOptions, files: ["esm.ts", "cjs.cts"] }, null, 2));
  return file;
}

for (const resolution of Object.keys(MODES)) {
  test(`strict consumer, ESM and CommonJS, moduleResolution ${resolution}`, () => {
    runTool("tsc", ["-p", tsconfig(resolution)], project);
  });
}

test("also with lib esnext (Symbol.dispose declared by the lib and by the package)", () => {
  runTool("tsc", ["-p", tsconfig("nodenext", ["esnext", "dom"])], project);
});

test("the checks can fail: a wrong use of the API is a type error", () => {
  writeFileSync(join(project, "wrong.ts"), `import { normalize } from "ekyc-bridge";\nexport const d: "approved" = normalize("argos", {}).decision;\n`);
  const file = "tsconfig.wrong.json";
  const compilerOptions = { ...STRICT, target: "es2022", lib: ["es2022", "dom"], module: "nodenext", moduleResolution: "nodenext", types: [] };
  writeFileSync(join(project, file), JSON.stringify({ compilerOptions, files: ["wrong.ts"] }));
  assert.throws(() => runTool("tsc", ["-p", file], project), /TS2322/);
});

test("no `any` reaches the public API of either entry (every export, walked by the type checker)", () => {
  for (const resolution of Object.keys(MODES)) {
    const options = { ...STRICT, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts", "lib.dom.d.ts"], types: [] };
    options.module = { preserve: ts.ModuleKind.Preserve, node16: ts.ModuleKind.Node16, nodenext: ts.ModuleKind.NodeNext }[MODES[resolution]];
    options.moduleResolution = { bundler: ts.ModuleResolutionKind.Bundler, node16: ts.ModuleResolutionKind.Node16, nodenext: ts.ModuleResolutionKind.NodeNext }[resolution];
    for (const file of ["esm.ts", "cjs.cts"]) {
      const program = ts.createProgram([join(project, file)], options);
      const checker = program.getTypeChecker();
      const source = program.getSourceFile(join(project, file));
      const entries = source.statements.filter((s) => ts.isImportDeclaration(s));
      assert.equal(entries.length, 2, "esm.ts imports both entries");
      for (const decl of entries) {
        const entry = decl.moduleSpecifier.text;
        const moduleSymbol = checker.getSymbolAtLocation(decl.moduleSpecifier);
        assert.ok(moduleSymbol, `${entry} resolves (${resolution}, ${file})`);
        const exports = checker.getExportsOfModule(moduleSymbol);
        assert.ok(exports.length > 8, `${entry} exports its API`);
        const found = anyIn(checker, exports);
        assert.deepEqual(found, [], `${entry} (${resolution}, ${file}) exposes any at:\n${found.join("\n")}`);
      }
    }
  }
});

/** The paths (`Export.member(param)…`) at which `any` appears in the given exports, walking the package's own types. */
function anyIn(checker, exports) {
  const found = [];
  const seen = new Set();
  const ours = (type) => {
    const decls = (type.aliasSymbol ?? type.getSymbol())?.declarations ?? [];
    return decls.some((d) => d.getSourceFile().fileName.includes("/ekyc-bridge/"));
  };
  const walk = (type, path, depth) => {
    if (type.flags & ts.TypeFlags.Any) return void found.push(path);
    if (depth > 10 || seen.has(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) return type.types.forEach((t, i) => walk(t, `${path}|${i}`, depth + 1));
    // Type arguments of anything, ours or the platform's (Promise<T>, T[], Record<K, V>).
    for (const arg of checker.getTypeArguments?.(type) ?? []) walk(arg, `${path}<>`, depth + 1);
    for (const arg of type.aliasTypeArguments ?? []) walk(arg, `${path}<>`, depth + 1);
    const signatures = [...type.getCallSignatures(), ...type.getConstructSignatures()];
    for (const sig of signatures) {
      for (const p of sig.getParameters()) walk(checker.getTypeOfSymbol(p), `${path}(${p.name})`, depth + 1);
      walk(sig.getReturnType(), `${path}()`, depth + 1);
    }
    // Members only of the package's own types: the DOM's (HTMLVideoElement…) are not ours to fix.
    if (ours(type)) {
      for (const prop of checker.getPropertiesOfType(type)) {
        if (prop.valueDeclaration || prop.declarations?.length) walk(checker.getTypeOfSymbol(prop), `${path}.${prop.name}`, depth + 1);
      }
    }
  };
  for (const sym of exports) {
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    if (target.flags & (ts.SymbolFlags.Value)) walk(checker.getTypeOfSymbol(target), sym.name, 0);
    if (target.flags & (ts.SymbolFlags.Type)) walk(checker.getDeclaredTypeOfSymbol(target), sym.name, 0);
  }
  return found;
}
