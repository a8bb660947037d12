import { useEffect, useState } from "react";
import { api } from "./client";

export interface Me {
  username: string;
  roles: string[];
  can_edit: boolean;
}

let cached: Promise<Me> | null = null;

export function fetchMe(): Promise<Me> {
  cached ??= api.get<Me>("/api/me/").then((r) => r.data);
  return cached;
}

export function useMe(): Me | null {
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    fetchMe().then(setMe, () => setMe(null));
  }, []);
  return me;
}
