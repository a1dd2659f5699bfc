// The Edge Function for the Edge Runtime tier: the test Worker's handler (../workerd/worker.mjs
// imports the installed package by its name and runs one shared scenario per request), with the
// emulator's URL from process.env as Vercel provides configuration.
import worker from "../workerd/worker.mjs";

export default (request) => worker.fetch(request, { EMULATOR_URL: process.env.EMULATOR_URL });
