import { serve } from "inngest/next";
import { inngest } from "@root/inngest/client";
import { functions } from "@root/inngest";

export const { GET, POST, PUT } = serve({ client: inngest, functions });
