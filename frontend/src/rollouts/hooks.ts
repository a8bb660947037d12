// Loading and polling for the rollout pages. A poll never overlaps itself (a slow answer
// is not asked for again before it arrives) and stops when the page goes away.
import { useCallback, useEffect, useRef, useState } from "react";
import type { Me } from "../api/me";
import type { Problem } from "../api/types";
import { problemsOf } from "./api";

export interface Loaded<T> {
  data: T | null;
  problems: Problem[];
  reload: () => Promise<void>;
  /** Put an answer the page already has (e.g. a transition's) in place of a reload. */
  set: (data: T) => void;
  /** Epoch ms of the last answer: the base of countdowns. */
  readAt: number;
}

export function useLoad<T>(load: (() => Promise<T>) | null, pollMs = 0): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [readAt, setReadAt] = useState(0);
  const busy = useRef(false);
  const alive = useRef(true);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const fn = loadRef.current;
    if (!fn || busy.current) return;
    busy.current = true;
    try {
      const answer = await fn();
      if (!alive.current) return;
      setData(answer);
      setProblems([]);
      setReadAt(Date.now());
    } catch (err) {
      if (alive.current) setProblems(problemsOf(err));
    } finally {
      busy.current = false;
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  useEffect(() => {
    if (!load) return;
    void reload();
    if (!pollMs) return;
    const timer = window.setInterval(() => void reload(), pollMs);
    return () => window.clearInterval(timer);
  }, [load, pollMs, reload]);

  const set = useCallback((value: T) => {
    setData(value);
    setReadAt(Date.now());
  }, []);
  return { data, problems, reload, set, readAt };
}

/** The time now, ticking every `ms` while `on` (for countdowns). */
export function useNow(ms: number, on = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms, on]);
  return now;
}

/** Editors and approvers operate rollouts (and the kill switch); the API enforces it. */
export const canOperate = (me: Me | null) => !!me && me.roles.some((r) => r === "editor" || r === "approver" || r === "admin");
