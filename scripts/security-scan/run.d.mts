export interface Finding {
  issue: string;
  severity: string;
  file: string;
  location: string;
  sample: string;
}
export interface Review {
  issue: string;
  file: string;
  sample: string;
  why: string;
}
export function scan(dirs?: string[]): Finding[];
export function compare(findings: Finding[], reviewed: Review[]): { reviewed: (Finding & { why: string })[]; fresh: Finding[]; stale: Review[] };
