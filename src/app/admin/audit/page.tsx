import type { Metadata } from "next";
import { AuditChainState } from "./audit-chain-state";
import { AuditLog } from "./audit-log";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default function AuditPage() {
  return (
    <section>
      <h1>Audit log</h1>
      <AuditChainState />
      <AuditLog />
    </section>
  );
}
