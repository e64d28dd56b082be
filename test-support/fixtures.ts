import type { ReportDraft, ReportForm } from '../utils/domain';
import type { ExtractedPost } from '../utils/platforms/types';
import type { Report } from '../utils/schema/report';

/** A complete, valid report: tests change one field at a time. */
export function validReport(): Report {
  return {
    schema: 'flagpost.report/1',
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    createdAt: '2026-11-24T10:00:00.000Z',
    reporter: { mode: 'anonymous' },
    goodFaith: { confirmed: true, statement: 'I believe in good faith that this report is accurate.' },
    target: {
      url: 'https://x.com/lcMenci/status/1985395058229817831',
      pageUrl: 'https://x.com/lcMenci',
      platform: 'x',
      postId: '1985395058229817831',
      author: { handle: '@lcMenci', displayName: 'Menci 💖', url: 'https://x.com/lcMenci' },
      postedAt: '2025-11-03T17:14:03.000Z',
      observedAt: '2026-11-24T10:00:00.000Z',
      text: 'text',
      quoted: [{ url: 'https://x.com/hwwaanng/status/1985275729278541990' }],
    },
    classification: {
      tco: ['incitement'],
      threatToLife: false,
      explanation: 'The post glorifies or incites terrorist acts.',
      dsaCategory: 'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
      dsaSpecification: ['KEYWORD_TERRORIST_CONTENT'],
      contentTypes: ['CONTENT_TYPE_TEXT', 'CONTENT_TYPE_IMAGE'],
    },
    media: [
      {
        ref: 'm1',
        kind: 'image',
        sourceUrl: 'https://pbs.twimg.com/media/G42JlFfaAAALjaj?format=png&name=orig',
        bytes: 3,
        hashes: [{ algorithm: 'sha256', value: 'a'.repeat(64) }],
      },
    ],
    client: { name: 'Flagpost', version: '0.1.0', browser: 'chrome', locale: 'en' },
  };
}

export function samplePost(): ExtractedPost {
  return {
    platform: 'x',
    url: 'https://x.com/lcMenci/status/1985395058229817831',
    pageUrl: 'https://x.com/lcMenci',
    postId: '1985395058229817831',
    author: { handle: '@lcMenci', displayName: 'Menci 💖' },
    text: 'text',
    media: [{ kind: 'image', sourceUrl: 'https://pbs.twimg.com/media/A?format=png&name=orig' }],
    quoted: [],
  };
}

export function sampleDraft(): ReportDraft {
  return {
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    createdAt: '2026-11-24T10:00:00.000Z',
    observedAt: '2026-11-24T10:00:00.000Z',
    media: [],
  };
}

export function completeForm(): ReportForm {
  return { tco: ['incitement'], threatToLife: false, explanation: 'Because.', entity: '', goodFaith: true };
}

/** A valid flagpost.report/1.1: a stream's rendition and a storyboard's PDQs on its video medium. */
export function validReportV11(): Report {
  const report = validReport();
  report.schema = 'flagpost.report/1.1';
  report.media.push({
    ref: 'm2',
    kind: 'video',
    sourceUrl: 'https://video.twimg.com/amplify_video/1/pl/master.m3u8',
    rendition: { url: 'https://video.twimg.com/amplify_video/1/pl/avc1/480x270/a.m3u8', width: 480, height: 270, bitrate: 832_000 },
    hashes: [
      { algorithm: 'vpdq', frames: [{ frame: 0, quality: 90, value: 'd'.repeat(64), ts: 0 }] },
      { algorithm: 'storyboard_pdq', frames: [{ frame: 0, quality: 60, value: 'e'.repeat(64), ts: 0 }] },
    ],
  });
  return report;
}

/** A valid flagpost.report/1.2 of a whole account: an X profile, its avatar hashed as m1, one post in view by reference. */
export function validAccountReport(): Report {
  const report = validReport();
  return {
    ...report,
    schema: 'flagpost.report/1.2',
    target: {
      kind: 'account',
      url: 'https://x.com/lcMenci',
      pageUrl: 'https://x.com/lcMenci',
      platform: 'x',
      author: { handle: '@lcMenci', displayName: 'Menci', url: 'https://x.com/lcMenci' },
      observedAt: report.target.observedAt,
      quoted: [],
      account: {
        handle: '@lcMenci',
        displayName: 'Menci',
        url: 'https://x.com/lcMenci',
        avatarRef: 'm1',
        recentPosts: [{ url: 'https://x.com/lcMenci/status/1985395058229817831', id: '1985395058229817831' }],
      },
    },
  };
}
