import type { PartMessages } from '../../catalog';
import type { help as ru } from '../ru/help';

export const help: PartMessages<typeof ru> = {
  'help.dialog': 'Help from staff',
  'help.close': 'Close',
  'help.sending': 'Calling a staff member…',
  'help.called': 'A staff member is coming',
  'help.calledLead': 'We have called a member of staff. Please stay at the kiosk.',
  'help.aheadNone': 'You are the only one waiting for help now.',
  'help.ahead': 'Waiting for help before you: {count}. Staff will come in turn.',
  'help.queueEmpty': 'Nobody is waiting in the queue for the windows now.',
  'help.queueWaiting': 'In the queue for the windows now: {count} {count:person|people}.',
  'help.busy': 'Staff have already been called from this kiosk. Please wait, or go to the reception desk.',
  'help.unreachable': 'We could not call a staff member',
  'help.goToDesk': 'There is no connection to the server. Please go to the reception desk.',
  'help.callOffice': 'Please call the centre: {phone}',
  'help.callOfficeNoPhone': 'Please call the centre: the number is on the board by the entrance.',
  'help.phoneTitle': 'We will call you back',
  'help.phoneLead':
    'There is no staff member in this office now. Type your phone number after +7 and the call centre will call you back.',
  'help.phoneLabel': 'Phone number',
  'help.phoneNote': 'The number is used for this call only and deleted after it.',
  'help.phoneConfirm': 'Call me back',
  'help.callbackSending': 'Sending your number…',
  'help.queued': 'Wait for the call',
  'help.queuedLead': 'A specialist will call {phone} within {minutes} min.',
  'help.queuedAhead': 'Calls before yours: {count}.',
  'help.noCallCentre': 'A call-back cannot be ordered now',
};
