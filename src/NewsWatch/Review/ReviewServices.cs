using Microsoft.Extensions.DependencyInjection;

namespace NewsWatch.Review;

internal static class ReviewServices
{
    public static IServiceCollection AddReview(this IServiceCollection services) =>
        services.AddSingleton<ReviewQueue>();
}
