/**
 * Test helper: finds syntax and library calls in a design-doc source that CouchDB's older
 * SpiderMonkey (ES5) may not run, and free names other than CouchDB's helpers.
 */
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

// loaded with require: importing the 8 MB CommonJS bundle through the ESM loader costs about a second
const ts = createRequire(import.meta.url)('typescript') as typeof TS;

const ES2015_SYNTAX = new Map<TS.SyntaxKind, string>([
  [ts.SyntaxKind.ArrowFunction, 'arrow function'],
  [ts.SyntaxKind.ClassDeclaration, 'class'],
  [ts.SyntaxKind.ClassExpression, 'class'],
  [ts.SyntaxKind.TemplateExpression, 'template literal'],
  [ts.SyntaxKind.NoSubstitutionTemplateLiteral, 'template literal'],
  [ts.SyntaxKind.TaggedTemplateExpression, 'tagged template'],
  [ts.SyntaxKind.SpreadElement, 'spread'],
  [ts.SyntaxKind.SpreadAssignment, 'object spread'],
  [ts.SyntaxKind.ObjectBindingPattern, 'destructuring'],
  [ts.SyntaxKind.ArrayBindingPattern, 'destructuring'],
  [ts.SyntaxKind.ForOfStatement, 'for...of'],
  [ts.SyntaxKind.ShorthandPropertyAssignment, 'shorthand property'],
  [ts.SyntaxKind.ComputedPropertyName, 'computed property'],
  [ts.SyntaxKind.MethodDeclaration, 'method shorthand'],
  [ts.SyntaxKind.AwaitExpression, 'await'],
  [ts.SyntaxKind.YieldExpression, 'yield'],
  [ts.SyntaxKind.BigIntLiteral, 'bigint'],
  [ts.SyntaxKind.MetaProperty, 'new.target / import.meta'],
]);

/** ES2015+ library methods that old SpiderMonkey builds lack. */
const ES2015_METHODS = new Set([
  'includes', 'startsWith', 'endsWith', 'find', 'findIndex', 'assign', 'from', 'of', 'padStart', 'padEnd',
  'repeat', 'entries', 'values', 'fill', 'flat', 'flatMap', 'trimStart', 'trimEnd', 'isInteger', 'isNaN',
]);

/** Names a map/reduce/validate function may use without declaring them. */
const ALLOWED_GLOBALS = new Set([
  'emit', 'log', 'isArray', 'sum', 'toJSON',
  'Array', 'Object', 'String', 'Number', 'Boolean', 'Date', 'Math', 'JSON', 'RegExp', 'Error',
  'isNaN', 'isFinite', 'parseInt', 'parseFloat', 'undefined', 'NaN', 'Infinity',
]);

function declaredNames(root: TS.Node): Set<string> {
  const names = new Set<string>();
  const visit = (node: TS.Node) => {
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isFunctionDeclaration(node)) && node.name && ts.isIdentifier(node.name)) {
      names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return names;
}

function isReference(node: TS.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionLike(parent)) && (parent as { name?: TS.Node }).name === node) {
    return false;
  }
  return true;
}

/** Problems found in `source`, which must be exactly one function expression; empty when fine. */
export function es5Problems(source: string): string[] {
  const file = ts.createSourceFile('ddoc.js', `(${source}\n)`, ts.ScriptTarget.ES5, true, ts.ScriptKind.JS);
  const problems: string[] = [];
  const diagnostics = (file as unknown as { parseDiagnostics?: TS.Diagnostic[] }).parseDiagnostics ?? [];
  for (const d of diagnostics) problems.push(`syntax: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  const statement = file.statements[0];
  const single =
    file.statements.length === 1 &&
    statement !== undefined &&
    ts.isExpressionStatement(statement) &&
    ts.isParenthesizedExpression(statement.expression) &&
    ts.isFunctionExpression(statement.expression.expression);
  if (!single) problems.push('not a single function expression');
  const declared = declaredNames(file);
  const visit = (node: TS.Node) => {
    const syntax = ES2015_SYNTAX.get(node.kind);
    if (syntax) problems.push(syntax);
    if (ts.isVariableDeclarationList(node) && node.flags & ts.NodeFlags.BlockScoped) problems.push('let/const');
    if (ts.isParameter(node) && (node.initializer || node.dotDotDotToken)) problems.push('default/rest parameter');
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) && node.questionDotToken) {
      problems.push('optional chaining');
    }
    if (ts.isBinaryExpression(node) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AsteriskAsteriskToken].includes(node.operatorToken.kind)) {
      problems.push(`operator ${node.operatorToken.getText()}`);
    }
    const called = node.parent !== undefined && ts.isCallExpression(node.parent) && node.parent.expression === node;
    if (ts.isPropertyAccessExpression(node) && called && ES2015_METHODS.has(node.name.text)) {
      problems.push(`ES2015 method .${node.name.text}`);
    }
    if (ts.isIdentifier(node) && isReference(node) && !declared.has(node.text) && !ALLOWED_GLOBALS.has(node.text)) {
      problems.push(`free name ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return problems;
}
