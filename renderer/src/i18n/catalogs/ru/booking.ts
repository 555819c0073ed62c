/** The booking journey's words («У меня запись»): the code, the check and why no ticket came. */
export const booking = {
  'booking.walkIn': 'Взять обычный талон',
  'booking.editCode': 'Исправить код',
  'booking.tooEarly.title': 'Регистрация ещё не началась',
  'booking.tooEarly.message':
    'Вы пришли раньше. Запись на {slotTime}, регистрация откроется в {opensAt}. Подойдите к терминалу в это время.',
  'booking.tooLate.title': 'Время записи прошло',
  'booking.tooLate.message': 'Время записи {slotTime} прошло. Можно взять обычный талон и подождать в общей очереди.',
  'booking.wrongOffice.title': 'Запись в другой офис',
  'booking.wrongOffice.message':
    'Эта запись в другой офис: {office}. Приходите туда в назначенное время или обратитесь к сотруднику центра.',
  'booking.alreadyUsed.title': 'Талон уже выдан',
  'booking.alreadyUsed.message':
    'По этой записи уже выдан талон {ticket}. Если талон потерялся, обратитесь к сотруднику центра.',
  'booking.cancelled.title': 'Запись отменена',
  'booking.cancelled.message':
    'Эта запись отменена. Можно взять обычный талон или записаться снова у сотрудника центра.',
  'booking.notFound.title': 'Запись не найдена',
  'booking.notFound.message':
    'Запись не найдена. Проверьте код: он напечатан в подтверждении записи. Если код верный, обратитесь к сотруднику центра.',
  'booking.unreachable.title': 'Сейчас нет связи',
  'booking.unreachable.message':
    'Нет связи, проверить запись нельзя. Возьмите обычный талон или обратитесь к сотруднику центра.',
  'booking.codeInvalid': 'В коде ошибка, проверьте цифры.',
  'booking.scanRejected':
    'Этот код не похож на код записи. Поднесите к сканеру QR-код из подтверждения записи или наберите 8 цифр.',
  'booking.codeHint':
    'Код записи — 8 цифр в подтверждении, которое вам выдали или прислали. Наберите его ниже или поднесите QR-код к сканеру.',
  'booking.title': 'У меня запись',
  'booking.check': 'Проверить запись',
  'booking.typed': 'Набранный код',
  'booking.checking.title': 'Проверяем запись…',
  'booking.checking.lead': 'Подождите, пожалуйста. Если запись в порядке, сразу напечатаем талон.',
} as const;
