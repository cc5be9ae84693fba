using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace NewsApi.Tests;

/// <summary>Hostile and oversized write bodies over a real Kestrel socket: a clear 4xx problem, never a 500.</summary>
public sealed class WriteBodyLimitTests(KestrelNewsApiFactory factory) : IClassFixture<KestrelNewsApiFactory>
{
    private async Task<string> SendRawAsync(string head, string body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(factory.BaseAddress.Host, factory.BaseAddress.Port);
        var stream = tcp.GetStream();
        var request = head.Replace("\n", "\r\n", StringComparison.Ordinal) + $"Host: {factory.BaseAddress.Authority}\r\n" +
            $"X-Api-Key: {WritableNewsApiFactory.Key}\r\nConnection: close\r\n\r\n" + body;
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Theory]
    [InlineData("FFFFFFFFFFFFFFFFFF")]
    [InlineData("7FFFFFFFFFFFFFFF")]
    [InlineData("zz")]
    public async Task A_chunked_body_with_an_impossible_chunk_size_gets_a_4xx_never_a_500(string size)
    {
        var response = await SendRawAsync("POST /api/v1/articles HTTP/1.1\nContent-Type: text/plain\nTransfer-Encoding: chunked\n",
            $"{size}\r\nHeadline\r\n0\r\n\r\n");

        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(status, 400, 499);
        Assert.Contains("application/problem+json", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_multipart_upload_over_the_limit_gets_413(bool announced)
    {
        using var client = factory.CreateSocketClient();
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("Headline\n\n" + new string('x', 1_200_000))));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "article.txt");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/articles");
        request.Headers.Add("X-Api-Key", WritableNewsApiFactory.Key);
        if (announced)
        {
            request.Content = form;
        }
        else
        {
            // Without a length the body goes chunked, and only the read finds it too large.
            request.Content = new StreamContent(await form.ReadAsStreamAsync());
            request.Content.Headers.ContentType = form.Headers.ContentType;
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
