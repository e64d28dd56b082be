import { describe, expect, test } from 'vitest';
import { guarded } from '../../../utils/platforms/guarded';
import { youtubeAdapter } from '../../../utils/platforms/youtube';
import { parseInert as parse, readHandBuiltFixture } from '../../../test-support/dom-fixtures';

const youtube = guarded(youtubeAdapter);
const watchPage = () => parse(readHandBuiltFixture('youtube_watch_handbuilt.html'));

describe("youtube: the channel of a watch page (its video's owner) or of a channel page", () => {
  test("the watch page (hand-built): the owner's channel, its avatar at full size, the video in view", () => {
    const read = youtube.readAccount!(watchPage(), 'https://www.youtube.com/watch?v=Qx7bN2kLp4E');
    expect(read?.header.localName).toBe('ytd-video-owner-renderer');
    expect(read?.account).toMatchObject({
      handle: '@riverworks-example',
      url: 'https://www.youtube.com/@riverworks-example',
      avatarUrl: 'https://yt3.ggpht.com/example-avatar-riverworks=s0',
      recentPosts: [{ url: 'https://www.youtube.com/watch?v=Qx7bN2kLp4E', id: 'Qx7bN2kLp4E' }],
    });
    expect(read?.account.displayName).toMatch(/^River/);
  });

  test("a channel page (hand-built from its element names): name, avatar, banner, the grid's videos", () => {
    const page = parse(`<yt-page-header-renderer><yt-image-banner-view-model><img src="https://yt3.googleusercontent.com/banner-x=w1060-fcrop64"></yt-image-banner-view-model>
      <yt-decorated-avatar-view-model><img src="https://yt3.ggpht.com/avatar-x=s160-c-k-c0x00ffffff-no-rj"></yt-decorated-avatar-view-model>
      <h1><span>Example Channel</span></h1></yt-page-header-renderer>
      <ytd-rich-item-renderer><a href="/watch?v=lJnQChnv1T4">v</a></ytd-rich-item-renderer>`);
    const read = youtube.readAccount!(page, 'https://www.youtube.com/@example/videos');
    expect(read?.header.localName).toBe('yt-page-header-renderer');
    expect(read?.account).toEqual({
      handle: '@example', displayName: 'Example Channel', url: 'https://www.youtube.com/@example',
      avatarUrl: 'https://yt3.ggpht.com/avatar-x=s0',
      bannerUrl: 'https://yt3.googleusercontent.com/banner-x=w1060-fcrop64',
      recentPosts: [{ url: 'https://www.youtube.com/watch?v=lJnQChnv1T4', id: 'lJnQChnv1T4' }],
    });
  });

  test('no account on the home page', () => {
    expect(youtube.readAccount!(watchPage(), 'https://www.youtube.com/')).toBeNull();
  });
});
