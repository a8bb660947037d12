// A form's write: busy while it runs, the server's problems kept on a refusal (the form's
// own state is untouched, so nothing typed is lost), and the scene reloaded on success.
import { useState } from "react";
import type { Problem } from "../api/types";
import { problemsOf } from "./problems";

export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const run = async (write: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setProblems([]);
    try {
      await write();
      return true;
    } catch (err) {
      setProblems(problemsOf(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, problems, setProblems, run };
}
