import type { PartMessages } from '../../catalog';
import type { help as ru } from '../ru/help';

export const help: PartMessages<typeof ru> = {
  'help.dialog': 'Хезмәткәр ярдәме',
  'help.close': 'Ябу',
  'help.sending': 'Хезмәткәрне чакырабыз…',
  'help.called': 'Хезмәткәр килер',
  'help.calledLead': 'Без үзәк хезмәткәрен чакырдык. Зинһар, терминал янында калыгыз.',
  'help.aheadNone': 'Хәзер ярдәм көтүче сез генә.',
  'help.ahead': 'Сездән алда ярдәм көтүчеләр: {count}. Хезмәткәр чират буенча килер.',
  'help.queueEmpty': 'Хәзер тәрәзәләргә чиратта беркем дә юк.',
  'help.queueWaiting': 'Хәзер тәрәзәләргә чиратта {count} кеше.',
  'help.busy': 'Бу терминалдан хезмәткәр инде чакырылган. Зинһар, көтегез яки администратор өстәленә килегез.',
  'help.unreachable': 'Хезмәткәрне чакырып булмады',
  'help.goToDesk': 'Сервер белән элемтә юк. Зинһар, администратор өстәленә килегез.',
  'help.callOffice': 'Зинһар, үзәккә шалтыратыгыз: {phone}',
  'help.callOfficeNoPhone': 'Зинһар, үзәккә шалтыратыгыз: телефон керү янындагы стендта күрсәтелгән.',
  'help.phoneTitle': 'Сезгә шалтыратырлар',
  'help.phoneLead':
    'Бу офиста хәзер хезмәткәр юк. Телефон номерыгызны +7 дән соң җыегыз — элемтә үзәге белгече сезгә шалтыратыр.',
  'help.phoneLabel': 'Телефон номеры',
  'help.phoneNote': 'Номер шалтырату өчен генә кирәк һәм аннан соң бетереләчәк.',
  'help.phoneConfirm': 'Миңа шалтыратыгыз',
  'help.callbackSending': 'Номерны тапшырабыз…',
  'help.queued': 'Шалтыратуны көтегез',
  'help.queuedLead': 'Белгеч {phone} номерына {minutes} мин эчендә шалтыратыр.',
  'help.queuedAhead': 'Сезнекеннән алда шалтыратулар: {count}.',
  'help.noCallCentre': 'Хәзер шалтырату заказлап булмый',
};
