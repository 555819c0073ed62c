import type { PartMessages } from '../../catalog';
import type { speech as ru } from '../ru/speech';

export const speech: PartMessages<typeof ru> = {
  'speech.on': 'Тавыш белән ярдәм кабызылды. Беренче кагылу төймәне атый, икенче кагылу аны баса.',
  'speech.stop': 'Туктату',
  'speech.repeat': 'Кабатлау',
  'speech.consent': 'Шәхси мәгълүматны укып бирү',
  'speech.privateWithheld':
    'Монда сезнең шәхси мәгълүматыгыз бар. Аны ишетү өчен, колакчыннарны тоташтырыгыз яки «Шәхси мәгълүматны укып бирү» төймәсенә басыгыз.',
  'speech.unavailable': 'эшләми',
};
