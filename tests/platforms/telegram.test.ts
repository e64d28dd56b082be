import { describe, expect, test } from 'vitest';
import { telegramAdapter as telegram } from '../../utils/platforms/telegram';
import { ExtractedPost } from '../../utils/platforms/types';
import { postFrom, postsInCapture } from './hand-built';

const pageUrl = 'https://t.me/s/mchs_bryansk';
const cdn = (file: string) => `https://cdn4.cdn-telegram.org/file/${file}`;
const channel = { handle: '@mchs_bryansk', displayName: 'МЧС Брянской области', url: 'https://t.me/mchs_bryansk' };
/** The capture was prettified (indented, `<br />`): SOURCES.md compares text whitespace-collapsed. */
const collapsed = (text: string | undefined) => text?.replace(/\s+/g, ' ');
/** The three links every post of this channel ends with; `&nbsp;` after the emoji kept as written. */
const SIGNATURE = (nbsp: boolean) =>
  ['МЧС Брянской области в ТГ', 'ГУ МЧС России по Брянской области в ВК', 'МЧС Брянской области в ОК']
    .map((line) => `🌐 ${nbsp ? '\u00a0 ' : ''}${line}`)
    .join('\n');

/** Those three links, out of the post (report 1.2): Telegram writes their destinations as they are. */
const SIGNATURE_LINKS = [
  { url: 'https://t.me/mchs_bryansk', offPlatform: false, shownAs: 'МЧС Брянской области в ТГ' },
  { url: 'https://vk.com/mchs32_bryansk', offPlatform: true, shownAs: 'ГУ МЧС России по Брянской области в ВК' },
  { url: expect.stringMatching(/^https:\/\/m\.ok\.ru\/dk\?st\.cmd=altGroupMain&/), offPlatform: true, shownAs: 'МЧС Брянской области в ОК' },
];

describe('telegram adapter on a t.me/s channel preview: every post', () => {
  const posts = postsInCapture(telegram, 'telegram/tme_s_mchs_bryansk_2024-12-05.html');

  test('finds the 4 messages', () => {
    expect(posts).toHaveLength(4);
  });

  test('4656: a 3-photo album; emoji kept from <tg-emoji><i><b>', () => {
    const post = telegram.extract(posts[0]!, pageUrl);
    expect(post).toEqual({
      platform: 'telegram',
      url: 'https://t.me/mchs_bryansk/4656',
      pageUrl,
      postId: 'mchs_bryansk/4656',
      author: channel,
      postedAt: '2024-12-05T13:10:40+00:00',
      text:
        '🧑‍🚒 Сегодня отмечается День добровольца\n\n' +
        '📍 Дата была установлена Указом Президента Российской Федерации от 27 ноября 2017 года.\n\n' +
        '📍 В Брянской области трудятся \u00a08423 добровольных пожарных\u00a0и спасателей, это более 70 подразделений. ' +
        'Действуя плечом к плечу с профессионалами, они вносят весомый вклад в дело спасения и помощи людям. ' +
        'Добровольцы обеспечивают безопасность удаленных населенных пунктов и организаций.\n\n' +
        '📍 Только с начала этого года добровольцы участвовали в тушении пожаров и аварийно-спасательных работах около ' +
        '500 раз, \u00a070\u00a0из которых ликвидировали самостоятельно.\n\n' +
        '♥️ Главное управление МЧС России по Брянской области поздравляет вас с Днем добровольца (волонтера)!\n\n' +
        '#МЧСпоБрянскойОбласти\n\n' +
        SIGNATURE(true),
      media: [
        {
          kind: 'image',
          sourceUrl: cdn(
            'H6OgSicVEMK_djm09iqM-Ttc0cv0ya4lnRWdwXQiUUD-dNUq4Pz45otV1yPNLFXSCiJXJRJbkWNM4ySaF2z93S2oAsm4zwK-SCBuclFaN5Zvbm1C9nJgy6HGkODzuQrJgQopUFZbqzKbui6xjZzDF2aznDwvh0M9CApPUukpkOqNL2BPtKd1qrP3RJTZf0DHCtsHvRIxzCN5D-t91QPnC5g_Avzrmve5TEbcqzQJ4KoeLiBaSUxZjacZFISq4OXBVKsfl78cg2YEkRLwhtavjY30zV3sn4I022HsY6692wgIrU6Dso5zDkIstH_vG7nQwaru1lJOiULDI7Muqid7DQ.jpg',
          ),
        },
        {
          kind: 'image',
          sourceUrl: cdn(
            'NTCeU8xSNE5hxLTIRrdmH3YPOvb1S2vVbWAQ9yS8zPsGKxntM1VwxUxljry5XqTTuQZKnN_H9BOXvkRVtoF0RobvkFuUgL-8cKovQl0x9j1J-hiNm4npdmJ8ld36DkfapIZg3QuButh6ynsK0c1bFyeW_wrd3kcvcg99k7YJH6YFabQwoqvPhplHFBcf7AURKkTUzkIKMhbNhTQyUp6erZHdD7OGTBNSO8eqPIqLFkDK2t5l8I9_vTWnAMvvBmUzoAfypu3gXkK6X9_C8wU25FdKA2QY4178ykMsgwYwaip3SMhnWm4jlHguBbeunvFm5s-VjwUlaeVI9Sgy_I1KMQ.jpg',
          ),
        },
        {
          kind: 'image',
          sourceUrl: cdn(
            'IxMdZpPesJC8C9he0LXmFGVRqF-zJo7n8VtDD2fQqjRMRp9BbBCLSMy0VtoVzwNZaw2hSLHwh030q_2U9N5596A6bK80miX9gtv_4QPxWCrzCKh24qJV9Tgjj5FGfX8Yveg3IRAgR8Wx7ooanOdRWdQR4qU9RkST7OZxkHy5dIdTCdwxPYdDgfODidcL5JokPCehXaqjMBhstxjv5_NgUoJ8W6JJcviS6G-4xNc-KUYwnxLlgBE74URqHvqYuQ5Gy0EAviWkmFpsV5NCgXNnbu7a-LSl5pRXGPk9r171ACXubK396W1in4eagb144wI8DFaPQVvG914f6FDFPZJnng.jpg',
          ),
        },
      ],
      quoted: [],
      outLinks: SIGNATURE_LINKS,
    });
    // SOURCES.md's expected text, as it lists it: whitespace-collapsed, first 60 characters.
    expect(collapsed(post?.text)?.startsWith('🧑‍🚒 Сегодня отмечается День добровольца 📍 Дата была установл')).toBe(true);
  });

  test('4659: a single photo', () => {
    expect(telegram.extract(posts[1]!, pageUrl)).toEqual({
      platform: 'telegram',
      url: 'https://t.me/mchs_bryansk/4659',
      pageUrl,
      postId: 'mchs_bryansk/4659',
      author: channel,
      postedAt: '2024-12-05T13:56:25+00:00',
      text:
        '🚓 🚗 Пожарно – спасательное подразделение приняло участие в ликвидации последствий ДТП в Дубровском районе\n\n' +
        '05.12.2024 в ОДС ГУ МЧС России по Брянской области поступило сообщение о ДТП с участием легкового и грузового ' +
        'автомобилей по адресу: Дубровский район, федеральная автодорога Р-120. В ликвидации последствий ДТП принимало ' +
        'участие пожарно-спасательное подразделение государственной противопожарной службы, личный состав которого ' +
        'производил смыв горюче-смазочных материалов с дорожного полотна.\n\n' +
        '📞 Позвонить и обратиться за помощью пожарно-спасательной службы можно по телефону « 0️⃣ 1️⃣ », с мобильного - ' +
        '« 1️⃣ 0️⃣ 1️⃣ ». Единый номер вызова экстренных оперативных служб – « 1️⃣ 1️⃣ 2️⃣ ».\n\n' +
        '#ДТП\n#оперативная_информация\n#МЧСпоБрянскойОбласти\n\n' +
        SIGNATURE(false),
      media: [
        {
          kind: 'image',
          sourceUrl: cdn(
            'UWTpQA2aewDAS5uv_iiITPPxW9oDMXS7hVAwrwA-hid42huSNT88c5oR8HS4DEcjya8ybZEgESmYd2zNMWo-dy-v4mOdlDNtNFMELuKVhHdpsk5m2FDhDqUN4xGFfuULcvfoIlDe44LTnKs_1RWhavh3MEunjhQqPC10jcXtQVxFEaK2SST9QCXQdQhHk7V0P6NSReSeiKYaw1wPAHaqJgwD1yaBNR0MNuHHfGRM9UT3stGuOyZoQuCBx7KP9cM6CddZzkdFaIg9MtiWAFbYm8UUcQNPyU2btvNQ7sj7JBbIIljGBUkx5CrcPrQ5vLF44-EFjOHGxSqSiv1gshgzFw.jpg',
          ),
        },
      ],
      quoted: [],
      outLinks: SIGNATURE_LINKS,
    });
  });

  test('4660: forwarded from another channel, which is quoted by reference, never merged', () => {
    expect(telegram.extract(posts[2]!, pageUrl)).toEqual({
      platform: 'telegram',
      url: 'https://t.me/mchs_bryansk/4660',
      pageUrl,
      postId: 'mchs_bryansk/4660',
      author: channel,
      postedAt: '2024-12-05T14:30:04+00:00',
      text:
        '🔔 Завтра на Ставрополье глава МЧС России Александр Куренков наградит победителей XVI Всероссийского фестиваля ' +
        '«Созвездие мужества»\n\n' +
        'На пьедестале лучшие в 43 номинациях. Мероприятие начнется в 15:00 (мск). Прямая трансляция с места событий ЗДЕСЬ.\n\n' +
        '@mchs_official',
      media: [
        {
          kind: 'image',
          sourceUrl: cdn(
            'KhdgEa_UIVQ0WAZ_pfQug10Ranc9fG1i3eF7ln8fq9nPBOSeIsIScKHFpig3f01lHfVgRU4J1XU_RPbNWJ2WlGobMXCpHWwjBvjpzgK5_KlbsjjLNZv6joxwJoghBIdqY0qSKHwGfF9Eh8jsKDR25r8KGYvb3gcOYibeYATbOQHSQwz8fOqFyKSW7wKdPqvSwNdP0W9IoEwhlV9NMepsIZFrHJ6TQtKvMeohJklDHZ3VK0a5BkVYo_t4iDVDOthYxXei3UE0GUYvdubghWZZ3kgFUQSL8rNHuSyio3dJgk-eCoWGosuhj-EwYOxUwxNuWTgDNbOVBUAPAyuM4Ex1fA.jpg',
          ),
        },
      ],
      quoted: [{ url: 'https://t.me/mchs_official/24927', author: { handle: '@mchs_official', displayName: 'МЧС России' } }],
      // The forwarded post's own links, with the words the text shows for them.
      outLinks: [
        { url: 'https://smotrim.ru/channel/271', offPlatform: true, shownAs: 'ЗДЕСЬ.' },
        { url: 'https://t.me/mchs_official', offPlatform: false, shownAs: '@mchs_official' },
      ],
    });
  });

  test('4661: a video too big to play here: its still is the poster', () => {
    expect(telegram.extract(posts[3]!, pageUrl)).toEqual({
      platform: 'telegram',
      url: 'https://t.me/mchs_bryansk/4661',
      pageUrl,
      postId: 'mchs_bryansk/4661',
      author: channel,
      postedAt: '2024-12-05T15:08:13+00:00',
      text:
        '✨Ирина Гориславская стала лучшей среди психологов силовых структур\n\nСмотри тут 👆\n\n#МЧСпоБрянскойОбласти\n\n' +
        SIGNATURE(false),
      media: [
        {
          kind: 'poster',
          sourceUrl: cdn(
            'pOQ7iY1076_Bd6OEG5hIWUIF74ggzDFU8Iigp6DXS0ztRmkqlSScleTbcCRpXQT6TSrCdaDcCPJBgnr23h6pFluLlZBR4sZnrYZmhdvN3orPQcLtzM5VE6U2fY5Q8XoE4Bl_qV_SoKoHjixveC8GJNu8e7g9sLTAx2canXEuOPPvxK942lhxghr1kt6TvZ-L6_8NFpO6aVxCWYq328NxzQ6C_BtIApxRUu4yACsIW-GkYrbTeXaMBjsDCUcWfh9Nn10mlZfzT3Y6yJ9aKm65zWhUVSPQAUumZ3a6pcPpRVufA_VfkaISCcpVDXI63q5ClDYOVlkqDYNHsXZZ86UAFg',
          ),
        },
      ],
      quoted: [],
      outLinks: SIGNATURE_LINKS,
    });
  });

  test('every post passes the ExtractedPost schema; buttonSlot is its footer', () => {
    for (const post of posts) {
      expect(() => ExtractedPost.parse(telegram.extract(post, pageUrl))).not.toThrow();
      expect(telegram.buttonSlot(post)?.classList.contains('tgme_widget_message_footer')).toBe(true);
    }
  });
});

describe('telegram adapter details', () => {
  const message = (inner: string, dataPost = 'somechannel/77') =>
    `<div class="tgme_widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="${dataPost}">
      <div class="tgme_widget_message_bubble">${inner}
      <div class="tgme_widget_message_footer"><a class="tgme_widget_message_date" href="https://t.me/somechannel/77"><time datetime="2025-01-02T03:04:05+00:00">03:04</time></a></div>
    </div></div></div>`;

  test('a playable video is the video itself, its still the thumbnail', () => {
    const post = postFrom(
      telegram,
      message(`<a class="tgme_widget_message_video_player js-message_video_player" href="https://t.me/somechannel/77">
        <i class="tgme_widget_message_video_thumb" style="background-image:url('https://cdn1.telesco.pe/file/thumb.jpg')"></i>
        <div class="tgme_widget_message_video_wrap"><video src="https://cdn1.telesco.pe/file/clip.mp4?token=abc" class="tgme_widget_message_video js-message_video"></video></div></a>`),
    );
    expect(telegram.extract(post, 'https://t.me/s/somechannel')?.media).toEqual([
      { kind: 'video', sourceUrl: 'https://cdn1.telesco.pe/file/clip.mp4?token=abc', thumbnailUrl: 'https://cdn1.telesco.pe/file/thumb.jpg' },
    ]);
  });

  test('a reply quotes its parent: neither its text nor its media are the post’s', () => {
    const post = postFrom(
      telegram,
      message(`<a class="tgme_widget_message_reply" href="https://t.me/somechannel/70"><div class="tgme_widget_message_author"><span>Other</span></div>
          <div class="tgme_widget_message_text js-message_reply_text">parent text</div>
          <i class="tgme_widget_message_reply_thumb" style="background-image:url('https://cdn1.telesco.pe/file/parent.jpg')"></i></a>
        <div class="tgme_widget_message_text js-message_text">own text</div>`),
    );
    expect(telegram.extract(post, 'https://t.me/s/somechannel')).toMatchObject({ text: 'own text', media: [], quoted: [] });
  });

  test('a forward from a hidden sender (no link) cannot be quoted', () => {
    const post = postFrom(
      telegram,
      message(`<div class="tgme_widget_message_forwarded_from">Forwarded from <span class="tgme_widget_message_forwarded_from_name">Someone</span></div>
        <div class="tgme_widget_message_text">hi</div>`),
    );
    expect(telegram.extract(post, 'https://t.me/s/somechannel')?.quoted).toEqual([]);
  });

  test('bare or empty messages: null, no throw', () => {
    expect(telegram.extract(postFrom(telegram, '<div class="tgme_widget_message" data-post=""></div>'), pageUrl)).toBeNull();
    const shell = postFrom(telegram, '<div class="tgme_widget_message" data-post="somechannel/77"></div>');
    expect(telegram.extract(shell, pageUrl)).toBeNull();
    expect(telegram.buttonSlot(shell)).toBeNull();
  });

  test('hostile markup: a bad data-post, script URLs and long text', () => {
    expect(telegram.extract(postFrom(telegram, message('<div class="tgme_widget_message_text">x</div>', '../../evil/1')), pageUrl)).toBeNull();
    const post = postFrom(
      telegram,
      message(`<a class="tgme_widget_message_photo_wrap" style="background-image:url('javascript:alert(1)')"></a>
        <a class="tgme_widget_message_photo_wrap" style="background-image:url(data:image/png;base64,AAAA)"></a>
        <div class="tgme_widget_message_forwarded_from"><a class="tgme_widget_message_forwarded_from_name" href="https://evil.example/x/1">x</a></div>
        <div class="tgme_widget_message_text">${'я'.repeat(6000)}</div>`),
    );
    const result = telegram.extract(post, pageUrl);
    expect(result).toMatchObject({ url: 'https://t.me/somechannel/77', media: [], quoted: [] });
    expect(result?.text).toHaveLength(5000);
    expect(() => ExtractedPost.parse(result)).not.toThrow();
  });
});
