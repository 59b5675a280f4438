/**
 * TikTok Studio per-video content export (one fixture; unverified): one row
 * per video with lifetime totals. The video id comes from `Video link`
 * (…/video/<19 digits>), kept as a string. Rules are the TikTok connector's
 * (platforms/tiktok/mapper.ts) for views/likes/comments/shares; in addition
 * `Add to favorites` is the catalog's saves (reference §6: TikTok's only
 * source of saves is this Studio export). `Post time` has no zone (read in
 * the uploader's zone) and may have no year (see import/years.ts).
 */
import { videoCounters, videoPost } from '../../platforms/tiktok/mapper.js';
import type { TikTokVideo } from '../../platforms/tiktok/parse.js';
import { count, text } from '../cells.js';
import { CellError } from '../errors.js';
import { MappingOutput } from './output.js';
import { readInstant } from './read.js';
import { Columns, eachRow, type ImportFormat } from './types.js';

const COLUMNS = {
  title: ['Video title', 'Título del video', 'Título del vídeo'],
  link: ['Video link', 'Enlace del video', 'Enlace del vídeo'],
  postTime: ['Post time', 'Video publish time', 'Hora de publicación', 'Fecha de publicación'],
  likes: ['Total likes', 'Me gusta totales', 'Total de me gusta'],
  comments: ['Total comments', 'Comentarios totales', 'Total de comentarios'],
  shares: ['Total shares', 'Veces compartido', 'Total de veces compartido', 'Compartidos totales'],
  views: ['Total views', 'Visualizaciones totales', 'Total de visualizaciones'],
  favorites: ['Add to favorites', 'Añadir a favoritos', 'Agregados a favoritos', 'Favoritos'],
} as const;

const LINK = /^https?:\/\/(?:www\.|m\.)?tiktok\.com\/@([A-Za-z0-9_.]+)\/video\/(\d{6,30})(?:[/?#]|$)/i;

export const tiktokContent: ImportFormat = {
  id: 'tiktok_content',
  platform: 'tiktok',
  label: 'TikTok Studio content export (per video)',
  header: ['Video title', 'Video link', 'Post time', 'Total likes', 'Total comments', 'Total shares', 'Total views', 'Total play time', 'Average watch time', 'Watched full video', 'Add to favorites'],
  detect: (h) => h.has(...COLUMNS.link) && h.has(...COLUMNS.views, ...COLUMNS.likes),
  map(table, ctx) {
    const h = table.header;
    const c = new Columns(h, COLUMNS);
    c.require('link', 'postTime');
    const out = new MappingOutput();
    out.ignore(h, ['Total play time', 'Tiempo total de reproducción'], 'its unit is not documented (reference §5.4), and TikTok watch time has no catalog metric yet: not imported');
    for (const names of [['Average watch time', 'Tiempo promedio de visualización', 'Tiempo medio de visualización'], ['Watched full video', 'Vieron el video completo', 'Vieron el vídeo completo']]) {
      out.ignore(h, names, 'an average or a ratio, not a counter');
    }
    eachRow(table, (row) => {
      const link = text(c.cell(row, 'link'));
      const m = link ? LINK.exec(link) : null;
      if (!m) throw new CellError(c.name('link'), `"${link ?? ''}" is not a TikTok video link (https://www.tiktok.com/@user/video/<id>)`);
      const caption = text(c.cell(row, 'title'));
      const video: TikTokVideo = {
        id: m[2]!,
        createTimeSeconds: readInstant(c.cell(row, 'postTime'), c.name('postTime'), ctx).getTime() / 1000,
        title: undefined,
        // Studio's "title" is the caption the creator wrote: the API's video_description.
        description: caption,
        durationSeconds: undefined,
        shareUrl: link,
        viewCount: count(c.cell(row, 'views'), c.name('views')),
        likeCount: count(c.cell(row, 'likes'), c.name('likes')),
        commentCount: count(c.cell(row, 'comments'), c.name('comments')),
        shareCount: count(c.cell(row, 'shares'), c.name('shares')),
      };
      const saves = count(c.cell(row, 'favorites'), c.name('favorites'));
      out.account.handle ??= m[1];
      out.post(row, videoPost(video), [
        ...videoCounters(video, ctx.observedAt),
        ...(saves === undefined ? [] : [{ platformPostId: video.id, metric: 'saves' as const, value: saves, observedAt: ctx.observedAt }]),
      ]);
    });
    return out.result(h);
  },
};
