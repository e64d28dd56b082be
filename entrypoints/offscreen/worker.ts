/** The offscreen document's video worker: WebCodecs decode + vPDQ, one video per worker. */
import { serveVideoJobs } from '../../utils/hash/video-decode';

serveVideoJobs(self as unknown as Parameters<typeof serveVideoJobs>[0]);
