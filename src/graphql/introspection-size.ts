/**
 * How many fields the introspection part of an operation will put in the response, counted
 * exactly before anything runs. Introspection is answered from the schema in memory, so the
 * count needs no guess: it walks the operation's `__schema` and `__type` selections over the
 * real schema, as execution would, but builds nothing, and stops as soon as the count passes
 * the limit — so counting costs at most `limit` steps, however the query multiplies (aliases,
 * `fields { type { fields … } }` recursion, fragments).
 *
 * Every field of the response counts one — a scalar, an object, a list or a null — and so does
 * every object in a list (a list of scalars, such as a directive's `locations`, counts one).
 * `__typename` counts like any field. `@skip`/`@include` are ignored (an upper bound then).
 */
import {
  getArgumentValues,
  getIntrospectionQuery,
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLDirective,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/** Thrown inside the walk when the count passes the limit: nothing more needs counting. */
class LimitPassed extends Error {}

/** The position of a selection set in the introspection schema, and what it is about. */
type Target =
  | { kind: "schema" }
  | { kind: "type"; type: GraphQLType }
  | { kind: "field"; field: GraphQLField<unknown, unknown> }
  | { kind: "inputValue"; value: GraphQLArgument | GraphQLInputField }
  | { kind: "enumValue" }
  | { kind: "directive"; directive: GraphQLDirective };

/**
 * Fields of the response's introspection part: `limit + 1` when there are more than `limit`
 * (the walk stops there). 0 when the operation asks for no introspection.
 */
export function introspectionFieldCount(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limit: number,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const flattened = new WeakMap<SelectionSetNode, FieldNode[]>();
  /** The fields of a selection set with its fragments and inline fragments expanded (validation has checked they apply). */
  const fieldsOf = (set: SelectionSetNode): FieldNode[] => {
    let fields = flattened.get(set);
    if (!fields) {
      fields = [];
      const visiting = new Set<string>();
      const add = (s: SelectionSetNode) => {
        for (const sel of s.selections) {
          if (sel.kind === Kind.FIELD) fields!.push(sel);
          else if (sel.kind === Kind.INLINE_FRAGMENT) add(sel.selectionSet);
          else {
            const fragment = fragments.get(sel.name.value);
            if (fragment && !visiting.has(fragment.name.value)) {
              visiting.add(fragment.name.value);
              add(fragment.selectionSet);
              visiting.delete(fragment.name.value);
            }
          }
        }
      };
      add(set);
      flattened.set(set, fields);
    }
    return fields;
  };
  const args = (def: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> => {
    try {
      return getArgumentValues(def, node, variables);
    } catch {
      // Bad argument values are execution's to refuse; count as if defaults were given.
      return {};
    }
  };

  let count = 0;
  const tick = (n = 1) => {
    count += n;
    if (count > limit) throw new LimitPassed();
  };
  const deprecatedFilter = <T extends { deprecationReason?: string | null | undefined }>(items: readonly T[], node: FieldNode, def: GraphQLField<unknown, unknown>) =>
    args(def, node).includeDeprecated === true ? items : items.filter((i) => i.deprecationReason == null);

  /** One object of the introspection schema with its selection set. */
  const walk = (set: SelectionSetNode | undefined, target: Target): void => {
    if (!set) return;
    for (const node of fieldsOf(set)) {
      tick();
      const name = node.name.value;
      const sub = node.selectionSet;
      if (!sub) continue; // a scalar or enum value
      const each = (items: readonly Target[]) => {
        for (const item of items) {
          tick();
          walk(sub, item);
        }
      };
      const fieldDef = (typeName: string) => (schema.getType(typeName) as unknown as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields()[name]!;
      switch (target.kind) {
        case "schema":
          if (name === "types") each(Object.values(schema.getTypeMap()).map((type) => ({ kind: "type", type })));
          else if (name === "directives") each(schema.getDirectives().map((directive) => ({ kind: "directive", directive })));
          else {
            const root = name === "queryType" ? schema.getQueryType() : name === "mutationType" ? schema.getMutationType() : name === "subscriptionType" ? schema.getSubscriptionType() : null;
            if (root) walk(sub, { kind: "type", type: root });
          }
          break;
        case "type": {
          const type = target.type;
          if (name === "fields" && (isObjectType(type) || isInterfaceType(type))) {
            each(deprecatedFilter(Object.values(type.getFields()), node, fieldDef("__Type")).map((field) => ({ kind: "field", field })));
          } else if (name === "inputFields" && isInputObjectType(type)) {
            each(deprecatedFilter(Object.values(type.getFields()), node, fieldDef("__Type")).map((value) => ({ kind: "inputValue", value })));
          } else if (name === "enumValues" && isEnumType(type)) {
            each(deprecatedFilter(type.getValues(), node, fieldDef("__Type")).map(() => ({ kind: "enumValue" })));
          } else if (name === "interfaces" && (isObjectType(type) || isInterfaceType(type))) {
            each(type.getInterfaces().map((i) => ({ kind: "type", type: i })));
          } else if (name === "possibleTypes" && isAbstractType(type)) {
            each(schema.getPossibleTypes(type).map((t) => ({ kind: "type", type: t })));
          } else if (name === "ofType" && (isListType(type) || isNonNullType(type))) {
            walk(sub, { kind: "type", type: type.ofType });
          }
          break;
        }
        case "field":
          if (name === "args") each(deprecatedFilter(target.field.args, node, fieldDef("__Field")).map((value) => ({ kind: "inputValue", value })));
          else if (name === "type") walk(sub, { kind: "type", type: target.field.type });
          break;
        case "inputValue":
          if (name === "type") walk(sub, { kind: "type", type: target.value.type });
          break;
        case "directive":
          if (name === "args") each(deprecatedFilter(target.directive.args, node, fieldDef("__Directive")).map((value) => ({ kind: "inputValue", value })));
          break;
        case "enumValue":
          break;
      }
    }
  };

  try {
    for (const node of fieldsOf(operation.selectionSet)) {
      if (node.name.value === SchemaMetaFieldDef.name) {
        tick();
        walk(node.selectionSet, { kind: "schema" });
      } else if (node.name.value === TypeMetaFieldDef.name) {
        tick();
        const typeName = args(TypeMetaFieldDef, node).name;
        const type = typeof typeName === "string" ? schema.getType(typeName) : undefined;
        if (type) walk(node.selectionSet, { kind: "type", type: getNamedType(type) });
      }
    }
  } catch (error) {
    if (error instanceof LimitPassed) return count;
    throw error;
  }
  return count;
}

const fullIntrospection = new WeakMap<GraphQLSchema, number>();

/**
 * Fields of the answer to the fullest standard introspection query (graphql-js
 * `getIntrospectionQuery` with every option, what GraphiQL and code generators send) for
 * this schema: what the limit must leave room for.
 */
export function fullIntrospectionFieldCount(schema: GraphQLSchema): number {
  let n = fullIntrospection.get(schema);
  if (n === undefined) {
    const document = parse(
      getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true }),
    );
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    n = introspectionFieldCount(schema, document, operation, {}, Number.MAX_SAFE_INTEGER);
    fullIntrospection.set(schema, n);
  }
  return n;
}
