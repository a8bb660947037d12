// The value of a `node.<id>.param.<name>` override, typed by the operator's JSON Schema:
// an rjsf form of that one param (numbers, checkboxes, lists... as in the editor's
// inspector), read and written as KV text at the edge (kvValue.ts).
import { useMemo, useRef } from "react";
import Form from "@rjsf/core";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import validator from "@rjsf/validator-ajv8";
import type { JsonSchema } from "../api/types";
import { simplifySchema } from "../lib/schema";
import { decodeParam, encodeParam, paramKind } from "./kvValue";
import type { ParamSchema } from "./overrideKeys";

const UI_SCHEMA: UiSchema = { "ui:submitButtonOptions": { norender: true } };

interface Props {
  name: string;
  param: ParamSchema;
  /** The KV text, or undefined when there is no value yet. */
  value: string | undefined;
  onChange: (text: string | undefined) => void;
  idPrefix: string;
}

export function ParamValueInput({ name, param, value, onChange, idPrefix }: Props) {
  const kind = paramKind(param.schema, param.root);
  const schema = useMemo(() => {
    const root: JsonSchema = { type: "object", properties: { [name]: param.schema } };
    for (const key of ["$defs", "definitions"]) if (key in param.root) root[key] = param.root[key];
    return simplifySchema(root) as RJSFSchema;
  }, [name, param]);
  // Seeded once (the form keeps its own state while typing: "1." must not snap to "1");
  // a text that does not decode as the declared type starts the form empty.
  const seed = useRef<{ value: Record<string, unknown>; bad: boolean } | null>(null);
  if (seed.current === null) {
    try {
      seed.current = { value: value === undefined ? {} : { [name]: decodeParam(kind, value) }, bad: false };
    } catch {
      seed.current = { value: {}, bad: true };
    }
  }

  return (
    <div className="param-value" data-kind={kind}>
      {seed.current.bad && <p className="warn small">The stored text <code>{value}</code> is not a valid {param.op} value for {name}; enter a new one.</p>}
      <Form
        className="params-form"
        schema={schema}
        uiSchema={UI_SCHEMA}
        formData={seed.current.value}
        validator={validator}
        liveValidate="onChange"
        showErrorList={false}
        noHtml5Validate
        idPrefix={idPrefix}
        onChange={(e) => {
          const v = (e.formData as Record<string, unknown> | undefined)?.[name];
          onChange(v === undefined ? undefined : encodeParam(kind, v));
        }}
      />
    </div>
  );
}
