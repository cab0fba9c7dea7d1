import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLanguage } from './language.js';

test('Latin-script languages by their function words', () => {
  assert.equal(detectLanguage('The foreign minister said on Monday that the talks with the delegation had been useful.'), 'en');
  assert.equal(detectLanguage('Le ministre des Affaires étrangères a déclaré lundi que les discussions avec la délégation étaient utiles.'), 'fr');
  assert.equal(detectLanguage('Der Außenminister sagte am Montag, die Gespräche mit der Delegation seien nicht einfach und sie werden fortgesetzt.'), 'de');
  assert.equal(detectLanguage('El ministro de Asuntos Exteriores dijo el lunes que las conversaciones con la delegación fueron útiles para el país.'), 'es');
  assert.equal(detectLanguage('Il ministro degli Esteri ha detto lunedì che i colloqui con la delegazione sono stati utili per il paese.'), 'it');
  assert.equal(detectLanguage('O ministro das Relações Exteriores disse na segunda-feira que as conversas com a delegação foram úteis para o país.'), 'pt');
  assert.equal(detectLanguage('De minister van Buitenlandse Zaken zei maandag dat de gesprekken met de delegatie nuttig waren voor het land.'), 'nl');
  assert.equal(detectLanguage('Dışişleri bakanı pazartesi günü heyet ile görüşmelerin çok faydalı olduğunu ve bu sürecin devam edeceğini söyledi.'), 'tr');
});

test('other scripts by their writing system', () => {
  assert.equal(detectLanguage('Министр иностранных дел заявил в понедельник, что переговоры с делегацией были полезными.'), 'ru');
  assert.equal(detectLanguage('Міністр закордонних справ заявив у понеділок, що переговори з делегацією були корисними.'), 'uk');
  assert.equal(detectLanguage('قال وزير الخارجية يوم الاثنين إن المحادثات مع الوفد كانت مفيدة.'), 'ar');
  assert.equal(detectLanguage('وزیر امور خارجه روز دوشنبه گفت که گفتگو با هیئت مفید بود.'), 'fa');
  assert.equal(detectLanguage('外交部长周一表示，与代表团的会谈很有帮助。'), 'zh');
  assert.equal(detectLanguage('外務大臣は月曜日、代表団との会談は有益だったと述べた。'), 'ja');
  assert.equal(detectLanguage('외무장관은 월요일 대표단과의 회담이 유익했다고 말했다.'), 'ko');
  assert.equal(detectLanguage('Ο υπουργός Εξωτερικών δήλωσε τη Δευτέρα ότι οι συνομιλίες ήταν χρήσιμες.'), 'el');
  assert.equal(detectLanguage('שר החוץ אמר ביום שני כי השיחות עם המשלחת היו מועילות.'), 'he');
});

test('too little evidence gives null', () => {
  assert.equal(detectLanguage(''), null);
  assert.equal(detectLanguage('Vladimir Putin'), null);
  assert.equal(detectLanguage('12:30 14.05.2021'), null);
});

test('an English text with a few foreign names stays English', () => {
  assert.equal(detectLanguage('President Emmanuel Macron met Chancellor Olaf Scholz in Berlin, and the two leaders said they would work with the European Commission on the plan.'), 'en');
});
