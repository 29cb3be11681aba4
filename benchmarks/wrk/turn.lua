-- One help command per request, each with a fresh activity id, from 32 users in personal chats.
local counter = 0
-- Ids unique across runs too: the bot drops a delivery it has already seen (Teams retries).
math.randomseed(os.time())
local run = string.format("%d-%d", os.time(), math.random(1, 1000000000))
local sink = os.getenv("SINK") or "http://127.0.0.1:5998/"
local text = os.getenv("TEXT") or "帮助"
request = function()
  counter = counter + 1
  local user = counter % 32
  local body = string.format('{"type":"message","id":"w%s-%d","timestamp":"2026-11-21T08:00:00.000Z","serviceUrl":"%s","channelId":"msteams","from":{"id":"29:load-user-%d","name":"U%d","aadObjectId":"aad-%d"},"recipient":{"id":"28:orglife-bot","name":"OrgLife"},"conversation":{"id":"a:load-%d","conversationType":"personal","tenantId":"tenant-load"},"locale":"zh-CN","text":"%s","textFormat":"plain","channelData":{"tenant":{"id":"tenant-load"}}}', run, counter, sink, user, user, user, user, text)
  return wrk.format("POST", "/api/messages", {["Content-Type"] = "application/json"}, body)
end
