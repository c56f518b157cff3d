// The baseline users run today: a jscodeshift transform that parses every file and changes nothing.
module.exports = function parseOnly(file, api) {
  api.jscodeshift(file.source);
  return undefined;
};
module.exports.parser = 'tsx';
