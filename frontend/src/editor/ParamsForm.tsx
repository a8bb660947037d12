// The node's params as a form generated from the operator's JSON Schema, validated live
// in the browser (ranges, required) and showing the server's param problems as well.
import { memo, useMemo, useRef } from "react";
import Form from "@rjsf/core";
import type { ErrorSchema, Experimental_DefaultFormStateBehavior, RJSFSchema, UiSchema } from "@rjsf/utils";
import validator from "@rjsf/validator-ajv8";
import type { NodeDoc, OperatorEntry, Problem } from "../api/types";
import { updateNode } from "../lib/doc";
import { isEqual } from "../lib/docDiff";
import { paramErrors, paramsFromForm, simplifySchema } from "../lib/schema";
import { useEditor } from "./store";

const UI_SCHEMA: UiSchema = { "ui:submitButtonOptions": { norender: true } };
// Do not invent array items for `minItems`: selecting a node must not edit it.
const DEFAULTS_BEHAVIOR: Experimental_DefaultFormStateBehavior = { arrayMinItems: { populate: "never" } };

interface Props {
  nodeId: string;
  /** Only the params (not the node): moving the node must not re-render the form. */
  params: NodeDoc["params"];
  entry: OperatorEntry;
  problems: readonly Problem[];
  readonly: boolean;
}

function ParamsFormView({ nodeId, params: nodeParams, entry, problems, readonly }: Props) {
  const schema = useMemo(() => {
    // The node's title is already shown above the form.
    const s = simplifySchema(entry.params_schema);
    delete s.title;
    return s as RJSFSchema;
  }, [entry.params_schema]);
  const extraErrors = useMemo(() => paramErrors(problems) as ErrorSchema, [problems]);
  // The form keeps its own state while the user types (a cleared field must not snap back
  // to its default); it is re-seeded only when the params change from elsewhere (undo,
  // paste, reload). `seen` is what the document holds after our own last edit.
  const seen = useRef(nodeParams);
  const generation = useRef(0);
  if (nodeParams !== seen.current) {
    seen.current = nodeParams;
    generation.current += 1;
  }
  const gen = generation.current;
  // Deliberately keyed on the generation only: re-seed on outside changes, not on ours.
  const params = useMemo(() => nodeParams ?? {}, [gen]);

  return (
    <Form
      key={gen}
      className="params-form"
      schema={schema}
      uiSchema={UI_SCHEMA}
      formData={params}
      validator={validator}
      liveValidate="onChange"
      experimental_defaultFormStateBehavior={DEFAULTS_BEHAVIOR}
      showErrorList={false}
      noHtml5Validate
      readonly={readonly}
      extraErrors={extraErrors}
      onChange={(e) => {
        const s = useEditor.getState();
        const current = s.doc.nodes.find((n) => n.id === nodeId);
        if (!current) return;
        const next = paramsFromForm((e.formData ?? {}) as Record<string, unknown>, entry.params_schema, current.params);
        // rjsf reports a change when it fills in defaults; that is not an edit.
        if (isEqual(next, current.params ?? {})) return;
        s.commit(updateNode(s.doc, nodeId, { params: next }), `params:${nodeId}`);
        seen.current = useEditor.getState().doc.nodes.find((n) => n.id === nodeId)?.params;
      }}
    />
  );
}

export const ParamsForm = memo(ParamsFormView);
