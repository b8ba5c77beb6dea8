// The project's own lint rules: which way imports may point (docs/ARCHITECTURE.md, "Boundaries").
// They resolve every import to where it lands (a folder of this repository or a package), so an
// `@/` alias, an `@root/` alias and a relative path to the same module are judged alike.
import { dirname, posix, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** A repository path ("src/server/env") for the project's own modules, else the package's name. */
function importTarget(source, filename) {
  if (source.startsWith("@/")) return { path: posix.normalize(`src/${source.slice(2)}`) };
  if (source.startsWith("@root/")) return { path: posix.normalize(source.slice("@root/".length)) };
  if (source.startsWith(".") || source.startsWith("/")) {
    return { path: relative(ROOT, resolve(dirname(filename), source)).split(sep).join("/") };
  }
  const [first, second] = source.split("/");
  return { package: first.startsWith("@") ? `${first}/${second}` : first };
}

const inFolder = (path, folder) => path === folder || path.startsWith(`${folder}/`);
/** "@inngest/*" names a whole scope; anything else one package. */
const isPackage = (name, pattern) => (pattern.endsWith("/*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern);

function isAllowed(target, { forbid, allowOnly }) {
  const { paths = [], packages = [] } = forbid ?? {};
  if (target.path !== undefined && paths.some((p) => inFolder(target.path, p))) return false;
  if (target.package !== undefined && packages.some((p) => isPackage(target.package, p))) return false;
  if (!allowOnly) return true;
  if (target.path !== undefined) return !allowOnly.paths || allowOnly.paths.some((p) => inFolder(target.path, p));
  return !allowOnly.packages || allowOnly.packages.some((p) => isPackage(target.package, p));
}

/** `import type`, `import { type A, type B }`, `export type … from`: erased before anything is bundled. */
function isTypeOnly(node) {
  if (node.importKind === "type" || node.exportKind === "type") return true;
  return node.type === "ImportDeclaration" && node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === "type");
}

const isClientModule = (program) =>
  program.body.some((s) => s.type === "ExpressionStatement" && s.directive === "use client");

const folderList = { type: "array", items: { type: "string" } };
const targets = { type: "object", properties: { paths: folderList, packages: folderList }, additionalProperties: false };

const importBoundaries = {
  meta: {
    type: "problem",
    docs: { description: "Keeps a layer's imports pointing the way the architecture allows" },
    schema: [
      {
        type: "object",
        properties: {
          layer: { type: "string" },
          reason: { type: "string" },
          /** Only files that start with "use client" (for src/app, where pages and client files sit together). */
          clientModulesOnly: { type: "boolean" },
          forbid: targets,
          /** When given, nothing outside these folders (paths) or packages may be imported. */
          allowOnly: targets,
          /** Folders whose types (and only types) this layer may import, e.g. the tRPC router's type. */
          typesFrom: folderList,
        },
        required: ["layer", "reason"],
        additionalProperties: false,
      },
    ],
    messages: { crossed: '{{layer}} may not import "{{source}}": {{reason}}.' },
  },
  create(context) {
    const options = context.options[0];
    let applies = true;
    function check(node, sourceNode) {
      if (!applies || sourceNode?.type !== "Literal" || typeof sourceNode.value !== "string") return;
      const target = importTarget(sourceNode.value, context.filename);
      if (isAllowed(target, options)) return;
      const typeOnly = isTypeOnly(node);
      if (typeOnly && target.path !== undefined && (options.typesFrom ?? []).some((p) => inFolder(target.path, p))) return;
      context.report({ node: sourceNode, messageId: "crossed", data: { layer: options.layer, source: sourceNode.value, reason: options.reason } });
    }
    return {
      Program(program) {
        applies = !options.clientModulesOnly || isClientModule(program);
      },
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      CallExpression(node) {
        if (node.callee.type === "Identifier" && node.callee.name === "require") check(node, node.arguments[0]);
      },
    };
  },
};

const requireServerOnly = {
  meta: {
    type: "problem",
    docs: { description: 'Server modules import "server-only", so a client bundle that reaches one fails the build' },
    schema: [],
    messages: {
      missing: 'Start this server module with `import "server-only";`: a client bundle that reaches it must fail the build, not ship it.',
    },
  },
  create(context) {
    return {
      Program(program) {
        const guarded = program.body.some((s) => s.type === "ImportDeclaration" && s.source.value === "server-only");
        if (!guarded) context.report({ node: program, loc: { line: 1, column: 0 }, messageId: "missing" });
      },
    };
  },
};

const plugin = { meta: { name: "civiclens" }, rules: { "import-boundaries": importBoundaries, "require-server-only": requireServerOnly } };
export default plugin;
