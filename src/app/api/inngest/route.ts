import { inngestRoute } from "@root/inngest/serve";

export const { GET, POST, PUT } = inngestRoute;
