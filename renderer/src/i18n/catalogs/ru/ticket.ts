/** The ticket journey's words: the services, the confirm screen, the ticket, and why none came. */
export const ticket = {
  'ticket.error.paperOut': 'В принтере закончилась бумага. Обратитесь, пожалуйста, к сотруднику центра.',
  'ticket.error.coverOpen':
    'Крышка принтера открыта, поэтому талон не напечатался. Обратитесь, пожалуйста, к сотруднику центра.',
  'ticket.error.printerUnavailable':
    'Принтер талонов сейчас не работает. Обратитесь, пожалуйста, к сотруднику центра. Вас запишут в очередь.',
  'ticket.error.printerError':
    'Принтер не смог напечатать талон. Попробуйте ещё раз. Если не получится, обратитесь к сотруднику центра.',
  'ticket.error.timeout':
    'Талон печатается слишком долго. Посмотрите, не вышел ли он из принтера. Если талона нет, попробуйте ещё раз или обратитесь к сотруднику центра.',
  'ticket.error.unknownService':
    'На эту услугу сейчас нельзя взять талон здесь. Выберите другую услугу или обратитесь к сотруднику центра.',
  'ticket.error.officeClosed':
    'Приём по этой услуге сейчас не идёт, поэтому талон не выдан. Приходите в часы работы или обратитесь к сотруднику центра.',
  'ticket.error.bookingRequired':
    'На эту услугу принимают только по предварительной записи. Если вы записаны, нажмите «У меня запись». Записаться можно у сотрудника центра.',
  'ticket.error.numbersExhausted':
    'Талоны на эту услугу на сегодня закончились. Обратитесь, пожалуйста, к сотруднику центра.',
  'ticket.error.diskFull': 'Киоск временно не выдаёт талоны. Обратитесь, пожалуйста, к сотруднику центра.',
  'ticket.error.rateLimited':
    'Сейчас терминал не может выдать талон. Подождите несколько минут и попробуйте ещё раз или обратитесь к сотруднику центра.',
  'ticket.error.other': 'Не получилось взять талон. Обратитесь, пожалуйста, к сотруднику центра.',
  'ticket.errorTitle.timeout': 'Печать талона не завершилась',
  'ticket.errorTitle.refused': 'Талон не выдан',
  'ticket.errorTitle.notPrinted': 'Талон не напечатан',
  'ticket.printerDown.paperOut':
    'В принтере талонов закончилась бумага, поэтому взять талон здесь сейчас нельзя. Обратитесь, пожалуйста, к сотруднику центра. Вас запишут в очередь.',
  'ticket.printerDown.coverOpen':
    'Крышка принтера талонов открыта, поэтому взять талон здесь сейчас нельзя. Обратитесь, пожалуйста, к сотруднику центра. Вас запишут в очередь.',
  'ticket.printerDown.other':
    'Принтер талонов временно не работает, поэтому взять талон здесь сейчас нельзя. Обратитесь, пожалуйста, к сотруднику центра. Вас запишут в очередь.',
  'ticket.nextInLine': 'Вы следующий',
  'ticket.peopleAhead': 'Перед вами: {people}',
  'ticket.wait': 'Примерное ожидание: {range}',
  'ticket.wait.overHour': 'больше часа',
  'ticket.wait.underMinute': 'меньше минуты',
  'ticket.wait.about': 'около {count} {count:минуты|минут|минут}',
  'ticket.wait.upTo': 'до {count} {count:минуты|минут|минут}',
  'ticket.wait.range': '{low}–{count} {count:минута|минуты|минут}',
  'ticket.unconfirmedNote': 'Если талон не вышел, назовите этот номер сотруднику',
  'ticket.offlineNote': 'Нет связи с сервером. Талон действителен, следите за табло.',
  'ticket.byBooking': 'По записи',
  'ticket.byBookingAt': 'По записи на {time}',
  'ticket.serviceClosed': 'Сейчас талоны на эту услугу не выдаются.',
  'ticket.serviceClosedUntilTomorrow': 'Сегодня приём закончен. Откроется {when}.',
  'ticket.serviceClosedUntil': 'Сейчас не принимают. Откроется {when}.',
  'ticket.bookingOnly': 'Только по предварительной записи',
  'ticket.a4Printed': 'Лист печатается на принтере у администратора. Заберите его у сотрудника центра.',
  'ticket.previewReason.printerDown': 'Принтер для листов сейчас не работает.',
  'ticket.previewReason.other': 'Лист не получилось распечатать.',
  'ticket.previewHint': 'Сфотографируйте или перепишите список.',
  'ticket.categories.title': 'Выберите, по какому вопросу вы пришли',
  'ticket.categories.loading': 'Загружаем список услуг…',
  'ticket.categories.none': 'Сейчас на этом терминале нельзя взять талон. Обратитесь, пожалуйста, к сотруднику центра.',
  'ticket.categories.failed': 'Не получилось загрузить список услуг.',
  'ticket.categories.failedHint': 'Попробуйте ещё раз. Если не получится, обратитесь к сотруднику центра.',
  'ticket.services.title': 'Выберите услугу',
  'ticket.services.lead': 'Выберите услугу:',
  'ticket.documents': 'Что взять с собой:',
  'ticket.documentsMore': 'и ещё {count}',
  'ticket.documentsOf': 'Что взять с собой: «{service}»',
  'ticket.confirm.title': 'Взять талон на услугу «{service}»?',
  'ticket.confirm.yes': 'Да, взять талон',
  'ticket.confirm.a4': 'Распечатать список документов на листе А4',
  'ticket.confirm.a4Sending': 'Отправляем на печать…',
  'ticket.printing': 'Печатаем талон…',
  'ticket.issued.title': 'Заберите талон',
  'ticket.issued.titleUnconfirmed': 'Запомните ваш номер',
  'ticket.issued.number': 'Ваш номер',
  'ticket.issued.printedInRussian': 'Талон напечатан на русском языке: принтер не печатает буквы вашего языка.',
  'ticket.issued.wait': 'Ожидайте, когда вас пригласят по этому номеру.',
  'ticket.issued.returnsIn': 'Экран вернётся на главную через {seconds}.',
  'ticket.bookingOnly.title': 'Только по предварительной записи',
  'ticket.bookingOnly.lead':
    'На услугу «{service}» принимают только по записи. Если вы записаны, нажмите «У меня запись».',
  'ticket.bookingOnly.where': 'Записаться можно у сотрудника центра или на портале Госуслуг.',
  'ticket.haveBooking': 'У меня запись',
  'ticket.unavailable.title': 'Талоны здесь временно не выдаются',
} as const;
