// Create or edit a layer: name, slug, the key patterns it owns, a description. The server
// refuses patterns another layer of the scene owns; its words show under the form.
import { useState, type FormEvent } from "react";
import { saveLayer } from "./api";
import { ErrorList } from "./ErrorList";
import { offeredKeys } from "./overrideKeys";
import { isValidPattern, parsePatterns, PATTERN_RULE } from "./patterns";
import { useSceneContext } from "./sceneData";
import type { Layer } from "./types";
import { useSubmit } from "./useSubmit";

const slugify = (name: string) => name.trim().toLowerCase().replace(/[^a-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 64);

export function LayerForm({ layer, onDone }: { layer: Layer | null; onDone: () => void }) {
  const { data, reload } = useSceneContext();
  const [name, setName] = useState(layer?.name ?? "");
  const [slug, setSlug] = useState(layer?.slug ?? "");
  const [slugTouched, setSlugTouched] = useState(layer !== null);
  const [keysText, setKeysText] = useState(layer?.keys.join("\n") ?? "");
  const [description, setDescription] = useState(layer?.description ?? "");
  const { busy, problems, run } = useSubmit();

  const patterns = parsePatterns(keysText);
  const bad = patterns.filter((p) => !isValidPattern(p));
  const matched = data.version ? offeredKeys(patterns, data.version.kv, data.catalog) : [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { scene: data.scene.slug, name: name.trim(), slug: slug.trim(), description, keys: patterns };
    if (await run(() => saveLayer(layer?.id ?? null, body))) {
      await reload();
      onDone();
    }
  };

  return (
    <form className="traffic-form" onSubmit={submit} data-testid="layer-form">
      <div className="form-row">
        <label>Name
          <input value={name} onChange={(e) => { setName(e.target.value); if (!slugTouched) setSlug(slugify(e.target.value)); }} data-testid="layer-name" required />
        </label>
        <label>Slug
          <input value={slug} onChange={(e) => { setSlug(e.target.value); setSlugTouched(true); }} data-testid="layer-slug" required pattern="[-a-zA-Z0-9_]+" title="letters, digits, '-' and '_'" />
        </label>
      </div>
      <label>Key patterns it owns (one per line; <code>*</code> matches anything, dots included)
        <textarea rows={3} value={keysText} onChange={(e) => setKeysText(e.target.value)} placeholder="node.cf.param.*" data-testid="layer-keys" />
      </label>
      {bad.length > 0 && <p className="bad small">Not a key pattern: {bad.join(", ")} ({PATTERN_RULE}).</p>}
      {patterns.length > 0 && !bad.length && data.version && (
        <p className="muted small" data-testid="layer-keys-matched">
          {matched.length ? `Owns ${matched.length} key${matched.length === 1 ? "" : "s"} of the production version: ${matched.slice(0, 6).join(", ")}${matched.length > 6 ? ", …" : ""}` : "Owns no key of the production version yet."}
        </p>
      )}
      <label>Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} placeholder="optional" data-testid="layer-description" />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !patterns.length || bad.length > 0} data-testid="layer-save">{busy ? "Saving…" : layer ? "Save layer" : "Create layer"}</button>
        <button type="button" onClick={onDone}>Cancel</button>
      </div>
      <ErrorList problems={problems} />
    </form>
  );
}
